using Microsoft.Extensions.Options;
using NetVips;
using ProfilePhotos.Graph;
using ProfilePhotos.Imaging;
using ProfilePhotos.Tests.Infrastructure;

namespace ProfilePhotos.Tests.Imaging;

/// <summary>
/// What the fuzzer (fuzz/run.sh) kept: its minimised corpus (inputs that each reached code no other
/// did, mostly malformed images) and any crash or hang it found. Each goes through the pipeline as
/// an upload would: refused with a 4xx, or made into square JPEGs that decode. Findings also go
/// through the API in <c>HostileImageTests</c>.
/// </summary>
public sealed class FuzzCorpusTests
{
    private readonly PhotoPipeline pipeline = new(Options.Create(new ImagingOptions()));

    public static TheoryData<string> Inputs()
    {
        var data = new TheoryData<string>();
        foreach (var directory in new[] { "corpus", "findings" })
        {
            var path = Path.Combine(Repository.Root, "fuzz", directory);
            foreach (var file in (Directory.Exists(path) ? Directory.GetFiles(path) : []).Order(StringComparer.Ordinal))
            {
                data.Add($"{directory}/{Path.GetFileName(file)}");
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task AFuzzedUploadIsRefusedWithAClientErrorOrProcessedCleanly(string input)
    {
        var upload = await File.ReadAllBytesAsync(Path.Combine(Repository.Root, "fuzz", input));
        ProcessedPhoto photo;
        try
        {
            photo = await pipeline.ProcessAsync(upload, CancellationToken.None);
        }
        catch (GraphException refusal)
        {
            Assert.InRange(refusal.Error.Status, 400, 499);
            return;
        }

        Assert.NotEmpty(photo.Renditions);
        foreach (var rendition in photo.Renditions)
        {
            using var image = Image.NewFromBuffer(rendition.Jpeg);
            Assert.Equal((rendition.Size, rendition.Size, 3), (image.Width, image.Height, image.Bands));
        }
    }
}
