namespace ProfilePhotos.Storage.Blobs;

/// <summary>A blob's name (the SHA-256 of its bytes) and when it was last written or claimed.</summary>
public sealed record BlobEntry(BlobName Name, DateTimeOffset LastUsed);

/// <summary>
/// Immutable blobs under <see cref="BlobName"/>s: a blob never changes once written. Names come
/// from the service, never from a request; what a store lists that is no such name is not its blob.
/// </summary>
public interface IBlobStore
{
    /// <summary>
    /// Stores the bytes under their name, durably and atomically (never a partial blob); when the
    /// blob exists already, marks it as just used so that a sweep does not take it meanwhile.
    /// </summary>
    Task PutAsync(BlobName name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>The blob's bytes, or null when there is no such blob.</summary>
    Task<Stream?> OpenReadAsync(BlobName name, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(BlobName name, CancellationToken cancellationToken);

    Task DeleteAsync(BlobName name, CancellationToken cancellationToken);

    IAsyncEnumerable<BlobEntry> ListAsync(CancellationToken cancellationToken);
}
