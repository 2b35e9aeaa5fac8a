using Microsoft.Extensions.Options;
using NetVips;
using ProfilePhotos.Graph;

namespace ProfilePhotos.Imaging;

/// <summary>One stored size of a photo: a baseline JPEG square without any metadata.</summary>
public sealed record Rendition(int Size, byte[] Jpeg);

/// <summary>What an accepted upload becomes: its upright dimensions and every available size.</summary>
public sealed record ProcessedPhoto(int Width, int Height, IReadOnlyList<Rendition> Renditions);

/// <summary>
/// Turns untrusted upload bytes into the stored sizes, in order: sniff the format, guard on the
/// header, decode once with shrink-on-load straight to the largest size (upright, centre-cropped),
/// normalize colour, derive every smaller size from that one decode, encode each once.
/// </summary>
public sealed class PhotoPipeline
{
    private const string NotAnImage = "The uploaded bytes are not an intact image in a supported format (JPEG, PNG, GIF or WebP).";
    private static readonly double[] White = [255, 255, 255];
    private readonly ImagingOptions options;
    private readonly SemaphoreSlim slots;

    public PhotoPipeline(IOptions<ImagingOptions> options)
    {
        VipsSetup.EnsureConfigured();
        this.options = options.Value;
        slots = new SemaphoreSlim(Math.Max(1, this.options.MaxConcurrency));
    }

    public async Task<ProcessedPhoto> ProcessAsync(byte[] upload, CancellationToken cancellationToken)
    {
        if (ImageFormatSniffer.Sniff(upload) is null)
        {
            throw InvalidImage(NotAnImage);
        }

        var (width, height) = ReadUprightSize(upload);
        Guard(width, height);

        await slots.WaitAsync(cancellationToken);
        try
        {
            return new ProcessedPhoto(width, height, Render(upload, PhotoSizes.AvailableFor(width, height)));
        }
        catch (VipsException)
        {
            throw InvalidImage(NotAnImage);
        }
        finally
        {
            slots.Release();
            NativeHeap.Trim();
        }
    }

    /// <summary>The header alone: dimensions as the viewer sees them, after the EXIF orientation.</summary>
    private static (int Width, int Height) ReadUprightSize(byte[] upload)
    {
        try
        {
            using var header = Image.NewFromBuffer(upload, access: Enums.Access.Sequential, failOn: Enums.FailOn.Error);
            var orientation = header.Contains("orientation") ? Convert.ToInt32(header.Get("orientation"), System.Globalization.CultureInfo.InvariantCulture) : 1;
            return orientation is >= 5 and <= 8 ? (header.Height, header.Width) : (header.Width, header.Height);
        }
        catch (VipsException)
        {
            throw InvalidImage(NotAnImage);
        }
    }

    private void Guard(int width, int height)
    {
        if (Math.Min(width, height) < PhotoSizes.Smallest)
        {
            throw InvalidImage($"The image is {width}x{height}; its shorter side must be at least {PhotoSizes.Smallest} pixels.", "ImageTooSmall");
        }

        if ((long)width * height > options.MaxPixels)
        {
            throw InvalidImage($"The image is {width}x{height}, more than the {options.MaxPixels:N0} pixels this service accepts.");
        }
    }

    private List<Rendition> Render(byte[] upload, IReadOnlyList<int> sizes)
    {
        var largest = sizes[^1];
        // thumbnail decodes with shrink-on-load, applies the EXIF orientation, imports any ICC
        // profile (CMYK included) to sRGB, and crops the centre square; CopyMemory makes that the
        // one decode every size is derived from. fail_on goes to the loader as an option: the
        // operation's own failOn argument does not reach it, and a truncated file would pass.
        using var decoded = Image.ThumbnailBuffer(upload, largest, optionString: "fail_on=error", height: largest, crop: Enums.Interesting.Centre);
        using var square = Normalize(decoded).CopyMemory();

        var renditions = new List<Rendition>(sizes.Count);
        foreach (var size in sizes)
        {
            using var sized = size == largest ? square.Copy() : square.ThumbnailImage(size, height: size, crop: Enums.Interesting.Centre);
            renditions.Add(new Rendition(size, Encode(sized)));
        }

        return renditions;
    }

    /// <summary>8-bit sRGB with no alpha: 16-bit, grey and other spaces converted, transparency flattened onto white.</summary>
    private static Image Normalize(Image image)
    {
        var srgb = image.Interpretation == Enums.Interpretation.Srgb && image.Format == Enums.BandFormat.Uchar
            ? image.Copy()
            : image.Colourspace(Enums.Interpretation.Srgb);
        if (!srgb.HasAlpha())
        {
            return srgb;
        }

        using (srgb)
        {
            return srgb.Flatten(background: White).Cast(Enums.BandFormat.Uchar);
        }
    }

    private byte[] Encode(Image image) =>
        image.JpegsaveBuffer(q: options.JpegQuality, optimizeCoding: true, interlace: false, keep: Enums.ForeignKeep.None);

    private static GraphException InvalidImage(string message, string code = "ErrorInvalidImage") =>
        new(StatusCodes.Status400BadRequest, code, message);
}
