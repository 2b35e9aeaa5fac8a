using ProfilePhotos.Photos;
using ProfilePhotos.Storage.Blobs;

namespace ProfilePhotos.Storage.Caching;

/// <summary>Photo records remembered until the next write: see <see cref="RecordCache"/>.</summary>
public sealed class CachingPhotoStore(IPhotoStore inner, RecordCache cache) : IPhotoStore
{
    public Task<PhotoRecord?> GetAsync(Guid tenantId, Guid ownerId, CancellationToken cancellationToken) =>
        cache.ReadAsync(new ByOwner(tenantId, ownerId), inner, static (key, photos, ct) => photos.GetAsync(key.TenantId, key.OwnerId, ct), cancellationToken);

    public Task<PhotoRecord?> ReplaceAsync(PhotoRecord photo, ETagCondition? condition, CancellationToken cancellationToken) =>
        cache.WriteAsync(inner.ReplaceAsync(photo, condition, cancellationToken));

    public Task<PhotoRecord?> DeleteAsync(Guid tenantId, Guid ownerId, ETagCondition? condition, CancellationToken cancellationToken) =>
        cache.WriteAsync(inner.DeleteAsync(tenantId, ownerId, condition, cancellationToken));

    public Task<IReadOnlySet<BlobName>> ReferencedAsync(IReadOnlyCollection<BlobName> blobs, CancellationToken cancellationToken) =>
        inner.ReferencedAsync(blobs, cancellationToken);

    public Task<IReadOnlySet<BlobName>> AllReferencedAsync(CancellationToken cancellationToken) =>
        inner.AllReferencedAsync(cancellationToken);

    private readonly record struct ByOwner(Guid TenantId, Guid OwnerId);
}
