using Microsoft.Extensions.Options;
using NetVips;
using ProfilePhotos.Graph;
using ProfilePhotos.Imaging;
using ProfilePhotos.Tests.Infrastructure;

namespace ProfilePhotos.Tests.Imaging;

/// <summary>The pipeline on its own: what goes in, what comes out, what is refused.</summary>
public sealed class PhotoPipelineTests
{
    private readonly PhotoPipeline pipeline = new(Options.Create(new ImagingOptions()));

    [Fact]
    public async Task A504By700UploadHasEverySizeUpTo504()
    {
        var photo = await pipeline.ProcessAsync(TestImages.Jpeg(504, 700), CancellationToken.None);
        Assert.Equal([48, 64, 96, 120, 240, 360, 432, 504], photo.Renditions.Select(r => r.Size));
        foreach (var rendition in photo.Renditions)
        {
            using var image = Image.NewFromBuffer(rendition.Jpeg);
            Assert.Equal((rendition.Size, rendition.Size, 3), (image.Width, image.Height, image.Bands));
            Assert.Equal(Enums.BandFormat.Uchar, image.Format);
        }
    }

    [Fact]
    public async Task TheExifOrientationIsAppliedAndNoMetadataSurvives()
    {
        // Stored landscape, top red and bottom green; orientation 6 says: turn 90 degrees clockwise.
        using var stored = TestImages.TwoTone(600, 400);
        var upload = TestImages.WithMetadata(stored.JpegsaveBuffer(q: 95, keep: Enums.ForeignKeep.None), orientation: 6);
        var photo = await pipeline.ProcessAsync(upload, CancellationToken.None);

        var largest = photo.Renditions[^1];
        Assert.Equal(360, largest.Size);
        Assert.Equal((400, 600), (photo.Width, photo.Height));
        using var image = Image.NewFromBuffer(largest.Jpeg);
        // Turned clockwise, the red top is now the right side and the green bottom the left.
        AssertColour(image, (int)(largest.Size * 0.8), largest.Size / 2, [255, 0, 0]);
        AssertColour(image, (int)(largest.Size * 0.2), largest.Size / 2, [0, 255, 0]);

        foreach (var rendition in photo.Renditions)
        {
            var markers = TestImages.Markers(rendition.Jpeg);
            Assert.DoesNotContain(markers, m => m is >= 0xE1 and <= 0xEF); // EXIF, XMP, ICC, IPTC...
            Assert.DoesNotContain((byte)0xFE, markers); // comments
            Assert.Contains((byte)0xC0, markers); // baseline, not progressive
            using var decoded = Image.NewFromBuffer(rendition.Jpeg);
            Assert.False(decoded.Contains("exif-data"));
            Assert.False(decoded.Contains("xmp-data"));
        }
    }

    public static TheoryData<string, byte[]> AcceptedFormats => new()
    {
        { "progressive JPEG", TestImages.Jpeg(300, 200, progressive: true) },
        { "CMYK JPEG", TestImages.CmykJpeg(300, 200) },
        { "PNG", TestImages.Png(300, 200) },
        { "16-bit PNG", TestImages.Png16(300, 200) },
        { "GIF", TestImages.Gif(300, 200) },
        { "WebP", TestImages.WebP(300, 200) },
    };

    [Theory]
    [MemberData(nameof(AcceptedFormats))]
    public async Task EveryAcceptedFormatBecomes8BitSrgbJpegs(string format, byte[] upload)
    {
        var photo = await pipeline.ProcessAsync(upload, CancellationToken.None);
        Assert.True(photo.Renditions.Count == 4, format); // 48 to 120: the shorter side is 200
        using var image = Image.NewFromBuffer(photo.Renditions[^1].Jpeg);
        Assert.Equal((3, Enums.BandFormat.Uchar, Enums.Interpretation.Srgb), (image.Bands, image.Format, image.Interpretation));
        // The gradient survives: not black, not flat.
        Assert.True(image.Deviate() > 10, $"{format} came out flat");
    }

    [Fact]
    public async Task TransparencyIsFlattenedOntoWhite()
    {
        var photo = await pipeline.ProcessAsync(TestImages.PngWithAlpha(200, 200), CancellationToken.None);
        using var image = Image.NewFromBuffer(photo.Renditions[^1].Jpeg);
        AssertColour(image, 10, 60, [255, 255, 255]);
        AssertColour(image, image.Width - 10, 60, [0, 0, 0]);
    }

    public static TheoryData<string, byte[], string> Refused => new()
    {
        { "empty", [], "ErrorInvalidImage" },
        { "text", "hello, this is not an image"u8.ToArray(), "ErrorInvalidImage" },
        { "truncated JPEG", TestImages.Jpeg(300, 300)[..2000], "ErrorInvalidImage" },
        { "random bytes behind a JPEG magic number", [0xFF, 0xD8, 0xFF, .. Enumerable.Range(0, 5000).Select(i => (byte)((i * 7919) % 251))], "ErrorInvalidImage" },
        { "SVG", "<svg xmlns='http://www.w3.org/2000/svg' width='100' height='100'><rect width='100' height='100'/></svg>"u8.ToArray(), "ErrorInvalidImage" },
        { "HTML", "<!DOCTYPE html><html><body><img src=x onerror=alert(1)></body></html>"u8.ToArray(), "ErrorInvalidImage" },
        { "47x100", TestImages.Png(47, 100), "ImageTooSmall" },
        { "30000x30000 PNG bomb", TestImages.PngBomb(30000), "ErrorInvalidImage" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task WhatIsNotAnAcceptableImageIsRefusedWithA400(string what, byte[] upload, string code)
    {
        var error = await Assert.ThrowsAsync<GraphException>(() => pipeline.ProcessAsync(upload, CancellationToken.None));
        Assert.True(error.Error.Status == 400 && error.Error.Code == code, $"{what}: {error.Error.Status} {error.Error.Code} {error.Message}");
    }

    [Fact]
    public void LibvipsItselfRefusesEveryLoaderButTheFourFormats()
    {
        VipsSetup.EnsureConfigured();
        using var image = TestImages.Gradient(64, 64);
        Assert.Throws<VipsException>(() => Image.NewFromBuffer(image.TiffsaveBuffer()).Avg());
        Assert.Throws<VipsException>(() => Image.NewFromBuffer("P2\n2 2\n255\n0 255\n255 0\n"u8.ToArray()).Avg()); // PGM
        Assert.Throws<VipsException>(() => Image.NewFromBuffer("<svg xmlns='http://www.w3.org/2000/svg' width='9' height='9'/>"u8.ToArray()).Avg());
        using var jpeg = Image.NewFromBuffer(image.JpegsaveBuffer());
        Assert.Equal(64, jpeg.Width);
        Assert.Equal(0, NetVips.Cache.Max);
    }

    private static void AssertColour(Image image, int x, int y, double[] expected)
    {
        var actual = image.Getpoint(x, y);
        for (var band = 0; band < 3; band++)
        {
            Assert.True(Math.Abs(actual[band] - expected[band]) < 40, $"pixel ({x},{y}) is [{string.Join(',', actual)}], expected [{string.Join(',', expected)}]");
        }
    }
}
