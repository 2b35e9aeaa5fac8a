namespace ProfilePhotos.Imaging;

/// <summary>The formats an upload may be in, decided from the bytes themselves, never from the content type.</summary>
public enum ImageFormat
{
    Jpeg,
    Png,
    Gif,
    WebP,
}

public static class ImageFormatSniffer
{
    public static ImageFormat? Sniff(ReadOnlySpan<byte> bytes) => bytes switch
    {
        [0xFF, 0xD8, 0xFF, ..] => ImageFormat.Jpeg,
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, ..] => ImageFormat.Png,
        [(byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'7' or (byte)'9', (byte)'a', ..] => ImageFormat.Gif,
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => ImageFormat.WebP,
        _ => null,
    };
}
