using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using NetVips;
using ProfilePhotos.Tests.Infrastructure;

namespace ProfilePhotos.Tests.Photos;

/// <summary>
/// A corpus of malformed and hostile uploads, made here: each answers 4xx, or is accepted and
/// stored cleanly (every size a decodable square JPEG). Never a 5xx, never a changed photo on refusal.
/// Every input the fuzzer (fuzz/run.sh) kept in <c>fuzz/findings</c> is replayed here too.
/// </summary>
public sealed class HostileImageTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    public static TheoryData<string, byte[]> Corpus()
    {
        var data = new TheoryData<string, byte[]>();
        var jpeg = TestImages.Jpeg(300, 300);
        var png = TestImages.Png(300, 300);
        foreach (var cut in new[] { 2, 10, 100, 500, 1000, jpeg.Length / 2, jpeg.Length - 2 })
        {
            data.Add($"JPEG truncated at {cut}", jpeg[..cut]);
        }

        foreach (var cut in new[] { 8, 33, 100, png.Length / 2, png.Length - 12 })
        {
            data.Add($"PNG truncated at {cut}", png[..cut]);
        }

        foreach (var at in new[] { 3, 20, 150, 400, jpeg.Length / 3, jpeg.Length - 3 })
        {
            data.Add($"JPEG with a bit flipped at {at}", Flip(jpeg, at));
        }

        foreach (var at in new[] { 12, 20, 40, png.Length / 2 })
        {
            data.Add($"PNG with a bit flipped at {at}", Flip(png, at));
        }

        data.Add("zero bytes", []);
        foreach (var finding in FuzzFindings())
        {
            data.Add($"fuzz finding {Path.GetFileName(finding)}", File.ReadAllBytes(finding));
        }

        var random = new Random(1234);
        foreach (var (name, magic) in new[] { ("JPEG", new byte[] { 0xFF, 0xD8, 0xFF }), ("PNG", new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), ("GIF", "GIF89a"u8.ToArray()), ("WebP", "RIFF\x10\0\0\0WEBPVP8 "u8.ToArray()) })
        {
            var body = new byte[8000];
            random.NextBytes(body);
            data.Add($"random bytes behind a {name} magic number", [.. magic, .. body]);
        }

        data.Add("PNG decompression bomb 30000x30000", TestImages.PngBomb(30000));
        data.Add("PNG declaring 100000x100000 with a tiny body", PngHeaderOnly(100_000, 100_000));
        data.Add("PNG declaring 65535x1", PngHeaderOnly(65535, 1));
        data.Add("JPEG declaring 65000x65000 with a tiny body", JpegDeclaring(65000, 65000));
        data.Add("GIF declaring 65535x65535", GifDeclaring(65535, 65535));
        data.Add("GIF and HTML polyglot", [.. "GIF89a"u8, .. "/*<html><script>alert(1)</script>*/"u8]);
        data.Add("JPEG with a ZIP appended", [.. jpeg, .. ZipOf("evil.txt", "payload")]);
        data.Add("SVG", "<svg xmlns='http://www.w3.org/2000/svg' width='500' height='500'><script>alert(1)</script></svg>"u8.ToArray());
        data.Add("HTML", "<!DOCTYPE html><html><body onload=alert(1)></body></html>"u8.ToArray());
        using (var gradient = TestImages.Gradient(200, 200))
        {
            data.Add("TIFF", gradient.TiffsaveBuffer());
        }

        data.Add("BMP", Bmp(64, 64));
        data.Add("PDF", "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF"u8.ToArray());
        data.Add("HEIC", [0, 0, 0, 24, .. "ftypheic"u8, 0, 0, 0, 0, .. "mif1heic"u8, .. new byte[64]]);
        data.Add("animated GIF", AnimatedGif());
        data.Add("EXIF orientation 99", TestImages.WithMetadata(jpeg, orientation: 99));
        data.Add("EXIF orientation 0", TestImages.WithMetadata(jpeg, orientation: 0));
        data.Add("1x1 PNG", TestImages.Png(1, 1));
        data.Add("10000x8 PNG", TestImages.Png(10000, 8));
        data.Add("48x48 PNG, the smallest accepted", TestImages.Png(48, 48));
        return data;
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task AHostileUploadIsRefusedOrStoredCleanlyNeverAServerError(string what, byte[] upload)
    {
        var token = await service.Graph.AppTokenAsync(TestApplication.AdminA);
        var user = await service.Graph.CreateUserAsync();
        var owner = $"/v1.0/users/{user.Id}";
        await service.Graph.PutPhotoOkAsync(owner, token, TestImages.Jpeg(100, 100));
        var before = await service.Graph.CurrentPhotoAsync(owner, token);

        using var response = await service.Graph.PutPhotoAsync(owner, token, upload);
        var status = (int)response.StatusCode;
        Assert.True(status is 200 or (>= 400 and < 500), $"{what}: {status} {await response.Content.ReadAsStringAsync()}");
        if (status != 200)
        {
            var after = await service.Graph.CurrentPhotoAsync(owner, token);
            Assert.Equal(before.ETag, after.ETag);
            Assert.Equal(before.Bytes, after.Bytes);
            return;
        }

        using var list = await service.Graph.SendAsync(HttpMethod.Get, $"{owner}/photos", token);
        foreach (var size in (await GraphAssert.OkJsonAsync(list)).GetProperty("value").EnumerateArray())
        {
            using var value = await service.Graph.GetValueAsync($"{owner}/photos/{size.GetProperty("id").GetString()}/$value", token);
            using var image = Image.NewFromBuffer(await value.Content.ReadAsByteArrayAsync());
            Assert.Equal((size.GetProperty("width").GetInt32(), size.GetProperty("width").GetInt32(), 3), (image.Width, image.Height, image.Bands));
        }
    }

    private static IEnumerable<string> FuzzFindings()
    {
        var directory = Path.Combine(Repository.Root, "fuzz", "findings");
        return Directory.Exists(directory) ? Directory.GetFiles(directory).Order(StringComparer.Ordinal) : [];
    }

    private static byte[] Flip(byte[] bytes, int at)
    {
        var copy = (byte[])bytes.Clone();
        copy[at] ^= 0x10;
        return copy;
    }

    private static byte[] PngHeaderOnly(int width, int height)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // truecolour
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Chunk("IHDR", ihdr), .. Chunk("IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]), .. Chunk("IEND", [])];
    }

    private static byte[] Chunk(string type, byte[] payload)
    {
        var chunk = new byte[12 + payload.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, payload.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        payload.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + payload.Length), System.IO.Hashing.Crc32.HashToUInt32(chunk.AsSpan(4, 4 + payload.Length)));
        return chunk;
    }

    /// <summary>SOI, a baseline SOF0 declaring the size, and nothing after.</summary>
    private static byte[] JpegDeclaring(ushort width, ushort height)
    {
        var sof = new byte[] { 0xFF, 0xC0, 0, 17, 8, 0, 0, 0, 0, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1 };
        BinaryPrimitives.WriteUInt16BigEndian(sof.AsSpan(5), height);
        BinaryPrimitives.WriteUInt16BigEndian(sof.AsSpan(7), width);
        return [0xFF, 0xD8, .. sof, 0xFF, 0xD9];
    }

    private static byte[] GifDeclaring(ushort width, ushort height)
    {
        var header = new byte[13];
        "GIF89a"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), width);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), height);
        return [.. header, 0x2C, 0, 0, 0, 0, .. BitConverter.GetBytes(width), .. BitConverter.GetBytes(height), 0, 2, 2, 0x4C, 0x01, 0, 0x3B];
    }

    private static byte[] ZipOf(string name, string content)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        using (var writer = new StreamWriter(zip.CreateEntry(name).Open()))
        {
            writer.Write(content);
        }

        return buffer.ToArray();
    }

    private static byte[] Bmp(int width, int height)
    {
        var rowSize = ((width * 3) + 3) & ~3;
        var bmp = new byte[54 + (rowSize * height)];
        "BM"u8.CopyTo(bmp);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(2), bmp.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), height);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(28), 24);
        return bmp;
    }

    private static byte[] AnimatedGif()
    {
        using var first = TestImages.Gradient(120, 120);
        using var second = TestImages.TwoTone(120, 120);
        using var frames = Image.Arrayjoin([first, second], across: 1);
        using var animated = frames.Mutate(m =>
        {
            m.Set(GValue.GIntType, "page-height", 120);
            m.Set(GValue.ArrayIntType, "delay", new[] { 100, 100 });
        });
        return animated.GifsaveBuffer();
    }
}
