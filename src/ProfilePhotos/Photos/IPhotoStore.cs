using ProfilePhotos.Storage.Blobs;

namespace ProfilePhotos.Photos;

/// <summary>The photo records: which blobs make up each owner's photo. Scoped to one tenant per call.</summary>
public interface IPhotoStore
{
    Task<PhotoRecord?> GetAsync(Guid tenantId, Guid ownerId, CancellationToken cancellationToken);

    /// <summary>
    /// Switches the owner's photo to <paramref name="photo"/> in one transaction and returns the
    /// one it replaced. The blobs must be stored before.
    /// </summary>
    /// <exception cref="PhotoConflictException">The condition failed, or the owner no longer exists.</exception>
    Task<PhotoRecord?> ReplaceAsync(PhotoRecord photo, ETagCondition? condition, CancellationToken cancellationToken);

    /// <summary>Removes the owner's photo and returns it; null when there was none.</summary>
    /// <exception cref="PhotoConflictException">The condition failed.</exception>
    Task<PhotoRecord?> DeleteAsync(Guid tenantId, Guid ownerId, ETagCondition? condition, CancellationToken cancellationToken);

    /// <summary>Which of these blobs a photo record still references.</summary>
    Task<IReadOnlySet<BlobName>> ReferencedAsync(IReadOnlyCollection<BlobName> blobs, CancellationToken cancellationToken);

    /// <summary>Every blob any photo record references.</summary>
    Task<IReadOnlySet<BlobName>> AllReferencedAsync(CancellationToken cancellationToken);
}

public enum PhotoConflict
{
    PreconditionFailed,
    OwnerGone,
}

public sealed class PhotoConflictException(PhotoConflict conflict) : Exception(conflict.ToString())
{
    public PhotoConflict Conflict { get; } = conflict;
}
