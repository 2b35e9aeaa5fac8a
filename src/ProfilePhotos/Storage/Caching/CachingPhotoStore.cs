using ProfilePhotos.Photos;
using ProfilePhotos.Storage.Blobs;

namespace ProfilePhotos.Storage.Caching;

/// <summary>Photo records remembered until the next write: see <see cref="RecordCache"/>.</summary>
public sealed class CachingPhotoStore(IPhotoStore inner, RecordCache cache) : IPhotoStore
{
    public Task<PhotoRecord?> GetAsync(Guid tenantId, Guid ownerId, CancellationToken cancellationToken) =>
        cache.ReadAsync(new ByOwner(tenantId, ownerId), inner, static (key, photos, ct) => photos.GetAsync(key.TenantId, key.OwnerId, ct), cancellationToken);

    public Task BeginUploadAsync(IReadOnlyCollection<BlobName> blobs, DateTimeOffset now, CancellationToken cancellationToken) =>
        inner.BeginUploadAsync(blobs, now, cancellationToken);

    public Task AbandonUploadAsync(IReadOnlyCollection<BlobName> blobs, CancellationToken cancellationToken) =>
        inner.AbandonUploadAsync(blobs, cancellationToken);

    public Task<PhotoSwitch> ReplaceAsync(PhotoRecord photo, ETagCondition? condition, CancellationToken cancellationToken) =>
        cache.WriteAsync(inner.ReplaceAsync(photo, condition, cancellationToken));

    public Task<PhotoSwitch> DeleteAsync(Guid tenantId, Guid ownerId, ETagCondition? condition, CancellationToken cancellationToken) =>
        cache.WriteAsync(inner.DeleteAsync(tenantId, ownerId, condition, cancellationToken));

    /// <summary>Pending blobs are not records: nothing remembered changes with them.</summary>
    public Task<IReadOnlyList<BlobName>> CollectAsync(IReadOnlyCollection<BlobName> candidates, DateTimeOffset staleBefore, CancellationToken cancellationToken) =>
        inner.CollectAsync(candidates, staleBefore, cancellationToken);

    private readonly record struct ByOwner(Guid TenantId, Guid OwnerId);
}
