using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ProfilePhotos.Storage.Blobs;

/// <summary>
/// A blob's name: the SHA-256 of its bytes, held as 32 bytes rather than 64 characters, since
/// every remembered photo record carries one per size. Written as lowercase hex wherever it is
/// stored or shown.
/// </summary>
public readonly record struct BlobName
{
    private readonly ulong a;
    private readonly ulong b;
    private readonly ulong c;
    private readonly ulong d;

    private BlobName(ReadOnlySpan<byte> digest)
    {
        a = BinaryPrimitives.ReadUInt64BigEndian(digest);
        b = BinaryPrimitives.ReadUInt64BigEndian(digest[8..]);
        c = BinaryPrimitives.ReadUInt64BigEndian(digest[16..]);
        d = BinaryPrimitives.ReadUInt64BigEndian(digest[24..]);
    }

    /// <summary>The name of these bytes.</summary>
    public static BlobName Of(ReadOnlySpan<byte> content)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(content, digest);
        return new BlobName(digest);
    }

    /// <summary>A name as the stores write it: 64 lowercase hex digits.</summary>
    /// <exception cref="FormatException">Not a blob name.</exception>
    public static BlobName Parse(string text) =>
        TryParse(text, out var name) ? name : throw new FormatException($"'{text}' is not a blob name.");

    public static bool TryParse(string? text, out BlobName name)
    {
        name = default;
        if (text is not { Length: 2 * SHA256.HashSizeInBytes } || !text.All(char.IsAsciiHexDigitLower))
        {
            return false;
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        Convert.FromHexString(text, digest, out _, out _);
        name = new BlobName(digest);
        return true;
    }

    public override string ToString()
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        BinaryPrimitives.WriteUInt64BigEndian(digest, a);
        BinaryPrimitives.WriteUInt64BigEndian(digest[8..], b);
        BinaryPrimitives.WriteUInt64BigEndian(digest[16..], c);
        BinaryPrimitives.WriteUInt64BigEndian(digest[24..], d);
        return Convert.ToHexStringLower(digest);
    }
}
