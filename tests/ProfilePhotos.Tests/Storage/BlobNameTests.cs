using System.Security.Cryptography;
using ProfilePhotos.Storage.Blobs;

namespace ProfilePhotos.Tests.Storage;

public sealed class BlobNameTests
{
    [Fact]
    public void ANameIsTheLowercaseHexSha256OfTheBytesAndReadsBackEqual()
    {
        var bytes = "a rendition"u8.ToArray();
        var name = BlobName.Of(bytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), name.ToString());
        Assert.Equal(name, BlobName.Parse(name.ToString()));
        Assert.NotEqual(name, BlobName.Of("another rendition"u8));
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
