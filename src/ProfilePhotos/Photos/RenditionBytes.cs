using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using ProfilePhotos.Storage.Blobs;

namespace ProfilePhotos.Photos;

/// <summary>
/// The bytes of stored renditions. A blob is named by the hash of its bytes and never changes,
/// so what was read once can be served again from memory with any backend and any number of
/// nodes: the most read renditions stay in memory, up to <see cref="PhotoOptions.CachedRenditionMegabytes"/>.
/// </summary>
public sealed class RenditionBytes : IDisposable
{
    private readonly IBlobStore blobs;
    private readonly MemoryCache? cache;

    public RenditionBytes(IBlobStore blobs, IOptions<PhotoOptions> options)
    {
        this.blobs = blobs;
        var megabytes = options.Value.CachedRenditionMegabytes;
        if (megabytes > 0)
        {
            cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = megabytes * 1024L * 1024L, CompactionPercentage = 0.25 });
        }
    }

    /// <summary>The rendition's bytes, or null when its blob is gone (released after a replace).</summary>
    public async Task<byte[]?> ReadAsync(StoredRendition rendition, CancellationToken cancellationToken)
    {
        if (cache is not null && cache.TryGetValue(rendition.Blob, out var found) && found is byte[] remembered)
        {
            return remembered;
        }

        await using var stream = await blobs.OpenReadAsync(rendition.Blob, cancellationToken);
        if (stream is null)
        {
            return null;
        }

        // Renditions are at most 648x648 JPEGs: reading one whole costs less than streaming it.
        using var buffer = new MemoryStream(checked((int)Math.Max(rendition.Length, 0)));
        await stream.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.ToArray();
        cache?.Set(rendition.Blob, bytes, new MemoryCacheEntryOptions { Size = bytes.Length });
        return bytes;
    }

    public void Dispose() => cache?.Dispose();
}
