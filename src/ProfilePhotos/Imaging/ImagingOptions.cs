using ProfilePhotos.Hosting;

namespace ProfilePhotos.Imaging;

/// <summary>The <c>Imaging</c> section: limits and output quality of the photo pipeline.</summary>
public sealed class ImagingOptions
{
    public const string Section = "Imaging";

    [Setting("Uploads declaring more pixels than this are refused from their header, before any decoding.")]
    public long MaxPixels { get; set; } = 50_000_000;

    [Setting("JPEG quality of every stored size, from 1 to 100.")]
    public int JpegQuality { get; set; } = 90;

    [Setting("How many uploads are decoded at once; the rest wait, which bounds memory under load.", Default = "the number of cores")]
    public int MaxConcurrency { get; set; } = Environment.ProcessorCount;
}
