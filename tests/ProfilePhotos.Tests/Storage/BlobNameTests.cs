using ProfilePhotos.Storage.Blobs;

namespace ProfilePhotos.Tests.Storage;

public sealed class BlobNameTests
{
    [Fact]
    public void ANewNameIsSixtyFourLowercaseHexDigitsAndReadsBackEqual()
    {
        var name = BlobName.New();
        Assert.Matches("^[0-9a-f]{64}$", name.ToString());
        Assert.Equal(name, BlobName.Parse(name.ToString()));
    }

    [Fact]
    public void EveryNewNameIsANameNoBlobHadBefore()
    {
        var names = Enumerable.Range(0, 10_000).Select(_ => BlobName.New()).ToHashSet();
        Assert.Equal(10_000, names.Count);
    }

    [Fact]
    public void NamesEarlierBuildsWroteStillRead()
    {
        // The SHA-256 of an empty rendition, as a content-addressed name of an earlier build.
        const string Legacy = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        Assert.Equal(Legacy, BlobName.Parse(Legacy).ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("../../etc/passwd")]
    [InlineData("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85")]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85g")]
    public void AnythingButSixtyFourLowercaseHexDigitsIsNoName(string text)
    {
        Assert.False(BlobName.TryParse(text, out _));
        Assert.Throws<FormatException>(() => BlobName.Parse(text));
    }
}
