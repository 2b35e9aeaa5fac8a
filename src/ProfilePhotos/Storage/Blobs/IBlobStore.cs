namespace ProfilePhotos.Storage.Blobs;

/// <summary>A blob's name and when it was written.</summary>
public sealed record BlobEntry(BlobName Name, DateTimeOffset LastUsed);

/// <summary>
/// Immutable blobs under <see cref="BlobName"/>s: a blob never changes once written. Names come
/// from the service, never from a request; what a store lists that is no such name is not its blob.
/// </summary>
public interface IBlobStore
{
    /// <summary>
    /// Stores the bytes under their name, durably and atomically (never a partial blob). A name is
    /// written once; writing it again (a retry) leaves the blob as it is.
    /// </summary>
    Task PutAsync(BlobName name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>The blob's bytes, or null when there is no such blob.</summary>
    Task<Stream?> OpenReadAsync(BlobName name, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(BlobName name, CancellationToken cancellationToken);

    Task DeleteAsync(BlobName name, CancellationToken cancellationToken);

    IAsyncEnumerable<BlobEntry> ListAsync(CancellationToken cancellationToken);
}
