using System.Buffers.Binary;
using System.Text;
using NetVips;

namespace ProfilePhotos.Tests.Infrastructure;

/// <summary>Test images made on the spot with libvips, and hand-built metadata blocks to put into them.</summary>
public static class TestImages
{
    /// <summary>Top half red, bottom half green: which way it came out upright is plain to see.</summary>
    public static Image TwoTone(int width, int height)
    {
        using var top = Image.Black(width, height / 2, bands: 3).NewFromImage(255, 0, 0);
        using var bottom = Image.Black(width, height - height / 2, bands: 3).NewFromImage(0, 255, 0);
        return top.Join(bottom, Enums.Direction.Vertical).Copy(interpretation: Enums.Interpretation.Srgb);
    }

    /// <summary>A gradient with detail, so encoders and crops have something to work on.</summary>
    public static Image Gradient(int width, int height)
    {
        using var xy = Image.Xyz(width, height);
        using var x = xy[0] * (255.0 / width);
        using var y = xy[1] * (255.0 / height);
        using var b = (xy[0] + xy[1]) % 256;
        return x.Bandjoin(y, b).Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb);
    }

    public static byte[] Jpeg(int width, int height, bool progressive = false)
    {
        using var image = Gradient(width, height);
        return image.JpegsaveBuffer(q: 85, interlace: progressive, keep: Enums.ForeignKeep.None);
    }

    public static byte[] Png(int width, int height)
    {
        using var image = Gradient(width, height);
        return image.PngsaveBuffer(keep: Enums.ForeignKeep.None);
    }

    /// <summary>RGBA whose left half is fully transparent black.</summary>
    public static byte[] PngWithAlpha(int width, int height)
    {
        using var colour = Image.Black(width, height, bands: 3).NewFromImage(0, 0, 0);
        using var alpha = Image.Black(width / 2, height).NewFromImage(0).Join(Image.Black(width - width / 2, height).NewFromImage(255), Enums.Direction.Horizontal);
        using var rgba = colour.Bandjoin(alpha).Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb);
        return rgba.PngsaveBuffer(keep: Enums.ForeignKeep.None);
    }

    public static byte[] Png16(int width, int height)
    {
        using var image = Gradient(width, height);
        using var wide = (image.Cast(Enums.BandFormat.Ushort) * 257).Cast(Enums.BandFormat.Ushort).Copy(interpretation: Enums.Interpretation.Rgb16);
        return wide.PngsaveBuffer(bitdepth: 16, keep: Enums.ForeignKeep.None);
    }

    public static byte[] CmykJpeg(int width, int height)
    {
        using var image = Gradient(width, height);
        using var cmyk = image.Colourspace(Enums.Interpretation.Cmyk);
        return cmyk.JpegsaveBuffer(q: 90, keep: Enums.ForeignKeep.None);
    }

    public static byte[] Gif(int width, int height)
    {
        using var image = Gradient(width, height);
        return image.GifsaveBuffer(keep: Enums.ForeignKeep.None);
    }

    public static byte[] WebP(int width, int height)
    {
        using var image = Gradient(width, height);
        return image.WebpsaveBuffer(keep: Enums.ForeignKeep.None);
    }

    /// <summary>A 1-bit PNG of the given size: a decompression bomb when large (30000x30000 is about 110 KB).</summary>
    public static byte[] PngBomb(int side)
    {
        using var image = Image.Black(side, side);
        return image.PngsaveBuffer(bitdepth: 1, compression: 9, keep: Enums.ForeignKeep.None);
    }

    /// <summary>
    /// Inserts, right after SOI, an EXIF block (orientation, and a GPS position), an XMP block and
    /// a comment: what a phone puts into a photo, and what must never come out.
    /// </summary>
    public static byte[] WithMetadata(byte[] jpeg, ushort orientation)
    {
        var segments = new List<byte[]>
        {
            Segment(0xE1, [.. "Exif\0\0"u8, .. Exif(orientation)]),
            Segment(0xE1, [.. "http://ns.adobe.com/xap/1.0/\0"u8, .. Encoding.UTF8.GetBytes("<x:xmpmeta xmlns:x='adobe:ns:meta/'><secret>xmp</secret></x:xmpmeta>")]),
            Segment(0xFE, Encoding.ASCII.GetBytes("secret comment")),
        };
        return [.. jpeg[..2], .. segments.SelectMany(s => s), .. jpeg[2..]];
    }

    /// <summary>The markers of a JPEG between SOI and the start of scan.</summary>
    public static List<byte> Markers(byte[] jpeg)
    {
        var markers = new List<byte>();
        var i = 2;
        while (i + 4 <= jpeg.Length && jpeg[i] == 0xFF)
        {
            var marker = jpeg[i + 1];
            markers.Add(marker);
            if (marker == 0xDA)
            {
                break;
            }

            i += 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(i + 2));
        }

        return markers;
    }

    private static byte[] Segment(byte marker, byte[] payload)
    {
        var segment = new byte[4 + payload.Length];
        segment[0] = 0xFF;
        segment[1] = marker;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(payload.Length + 2));
        payload.CopyTo(segment, 4);
        return segment;
    }

    /// <summary>A little-endian TIFF structure: IFD0 with Orientation and a GPS IFD with a latitude.</summary>
    private static byte[] Exif(ushort orientation)
    {
        var tiff = new byte[8 + 2 + (2 * 12) + 4 + 2 + (2 * 12) + 4 + 24];
        var span = tiff.AsSpan();
        "II"u8.CopyTo(span);
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], 42);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], 8);
        const int ifd0 = 8;
        const int gps = ifd0 + 2 + (2 * 12) + 4;
        const int latitude = gps + 2 + (2 * 12) + 4;
        BinaryPrimitives.WriteUInt16LittleEndian(span[ifd0..], 2);
        Entry(span[(ifd0 + 2)..], 0x0112, 3, 1, orientation);
        Entry(span[(ifd0 + 14)..], 0x8825, 4, 1, gps);
        BinaryPrimitives.WriteUInt16LittleEndian(span[gps..], 2);
        Entry(span[(gps + 2)..], 0x0001, 2, 2, 'N');
        Entry(span[(gps + 14)..], 0x0002, 5, 3, latitude);
        uint[] degreesMinutesSeconds = [52, 1, 31, 1, 0, 1];
        for (var k = 0; k < degreesMinutesSeconds.Length; k++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span[(latitude + (4 * k))..], degreesMinutesSeconds[k]);
        }

        return tiff;
    }

    private static void Entry(Span<byte> at, ushort tag, ushort type, uint count, uint value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(at, tag);
        BinaryPrimitives.WriteUInt16LittleEndian(at[2..], type);
        BinaryPrimitives.WriteUInt32LittleEndian(at[4..], count);
        BinaryPrimitives.WriteUInt32LittleEndian(at[8..], value);
    }
}
