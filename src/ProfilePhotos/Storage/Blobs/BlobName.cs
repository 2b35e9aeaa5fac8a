using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ProfilePhotos.Storage.Blobs;

/// <summary>
/// A blob's name: 32 random bytes, drawn for every blob written and never used again, held as
/// 32 bytes rather than 64 characters since every remembered photo record carries one per size.
/// Written as lowercase hex wherever it is stored or shown. (Earlier builds named a blob by the
/// SHA-256 of its bytes, so identical renditions shared one blob; those names read the same way.)
/// </summary>
public readonly record struct BlobName
{
    private const int ByteCount = 32;

    private readonly ulong a;
    private readonly ulong b;
    private readonly ulong c;
    private readonly ulong d;

    private BlobName(ReadOnlySpan<byte> bytes)
    {
        a = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        b = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        c = BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]);
        d = BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]);
    }

    /// <summary>
    /// A name no blob has had and none will have again: a dead blob can never come back under
    /// its name, so a deletion that lands late can only remove what is already dead.
    /// </summary>
    public static BlobName New()
    {
        Span<byte> bytes = stackalloc byte[ByteCount];
        RandomNumberGenerator.Fill(bytes);
        return new BlobName(bytes);
    }

    /// <summary>A name as the stores write it: 64 lowercase hex digits.</summary>
    /// <exception cref="FormatException">Not a blob name.</exception>
    public static BlobName Parse(string text) =>
        TryParse(text, out var name) ? name : throw new FormatException($"'{text}' is not a blob name.");

    public static bool TryParse(string? text, out BlobName name)
    {
        name = default;
        if (text is not { Length: 2 * ByteCount } || !text.All(char.IsAsciiHexDigitLower))
        {
            return false;
        }

        Span<byte> digest = stackalloc byte[ByteCount];
        Convert.FromHexString(text, digest, out _, out _);
        name = new BlobName(digest);
        return true;
    }

    public override string ToString()
    {
        Span<byte> digest = stackalloc byte[ByteCount];
        BinaryPrimitives.WriteUInt64BigEndian(digest, a);
        BinaryPrimitives.WriteUInt64BigEndian(digest[8..], b);
        BinaryPrimitives.WriteUInt64BigEndian(digest[16..], c);
        BinaryPrimitives.WriteUInt64BigEndian(digest[24..], d);
        return Convert.ToHexStringLower(digest);
    }
}
