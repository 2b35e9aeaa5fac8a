namespace ProfilePhotos.Tests.Infrastructure.Crashes;

/// <summary>
/// Uploads told apart by their size ladder (their shorter sides fall between different sizes),
/// and the version tag each becomes, learnt from the service: the pipeline is deterministic, so
/// the same bytes always give the same tag, and a tag names which upload a photo came from.
/// </summary>
public sealed class UploadPool
{
    private readonly (byte[] Bytes, int ShorterSide)[] uploads =
    [
        (TestImages.Jpeg(100, 110), 100), (TestImages.Png(130, 150), 130), (TestImages.Jpeg(250, 260), 250),
        (TestImages.WebP(370, 380), 370), (TestImages.Jpeg(440, 450), 440), (TestImages.Png(520, 530), 520),
    ];

    private readonly Dictionary<string, int> indexOfTag = [];

    public int Count => uploads.Length;

    public byte[] this[int index] => uploads[index].Bytes;

    public string TagOf(int index) => indexOfTag.Single(t => t.Value == index).Key;

    /// <summary>The sizes a photo of this version has: every standard size up to its upload's shorter side.</summary>
    public IReadOnlyList<int> LadderOf(string tag) =>
        [.. PhotoRequests.StandardSizes.Where(size => size <= uploads[indexOfTag[tag]].ShorterSide)];

    /// <summary>Uploads each once, for an owner of its own, and keeps the tag it got.</summary>
    public async Task LearnTagsAsync(GraphClient graph, string token)
    {
        var scratch = $"/v1.0/users/{(await graph.CreateUserAsync(token: token)).Id}";
        for (var i = 0; i < uploads.Length; i++)
        {
            indexOfTag[await graph.PutPhotoOkAsync(scratch, token, uploads[i].Bytes)] = i;
        }

        Assert.Equal(uploads.Length, indexOfTag.Count);
    }
}
