namespace ProfilePhotos.Imaging;

/// <summary>The <c>Imaging</c> section: limits and output quality of the photo pipeline.</summary>
public sealed class ImagingOptions
{
    public const string Section = "Imaging";

    /// <summary>Uploads declaring more pixels than this are refused from the header, before decoding.</summary>
    public long MaxPixels { get; set; } = 50_000_000;

    /// <summary>JPEG quality of every stored size.</summary>
    public int JpegQuality { get; set; } = 90;

    /// <summary>How many uploads are decoded at once; the rest wait. Bounds memory under load.</summary>
    public int MaxConcurrency { get; set; } = Environment.ProcessorCount;
}
