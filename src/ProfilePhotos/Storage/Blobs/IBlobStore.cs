namespace ProfilePhotos.Storage.Blobs;

/// <summary>A blob's name (the SHA-256 of its bytes) and when it was last written or claimed.</summary>
public sealed record BlobEntry(string Name, DateTimeOffset LastUsed);

/// <summary>
/// Content-addressed, immutable blobs: a name is the lowercase hex SHA-256 of the bytes, so a
/// blob never changes once written and identical renditions are stored once.
/// </summary>
public interface IBlobStore
{
    /// <summary>
    /// Stores the bytes under their name, durably and atomically (never a partial blob); when the
    /// blob exists already, marks it as just used so that a sweep does not take it meanwhile.
    /// </summary>
    Task PutAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>The blob's bytes, or null when there is no such blob.</summary>
    Task<Stream?> OpenReadAsync(string name, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(string name, CancellationToken cancellationToken);

    Task DeleteAsync(string name, CancellationToken cancellationToken);

    IAsyncEnumerable<BlobEntry> ListAsync(CancellationToken cancellationToken);
}
