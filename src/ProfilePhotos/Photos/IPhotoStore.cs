using ProfilePhotos.Storage.Blobs;

namespace ProfilePhotos.Photos;

/// <summary>
/// The photo records (which blobs make up each owner's photo, scoped to one tenant per call) and
/// the life of every blob: the database alone decides when a blob is dead, in the same
/// transactions that switch records, so that no node, however slow, can remove a blob that a
/// committed record references. A blob is alive while it is <em>pending</em> (an upload has
/// announced it and not yet switched or given up) or <em>referenced</em> (a record names it).
/// Its name is never used for another blob, so once dead it stays dead.
/// </summary>
public interface IPhotoStore
{
    Task<PhotoRecord?> GetAsync(Guid tenantId, Guid ownerId, CancellationToken cancellationToken);

    /// <summary>Announces the blobs an upload is about to write: call before writing any of them.</summary>
    Task BeginUploadAsync(IReadOnlyCollection<BlobName> blobs, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>An upload that will not switch gives its announced blobs up: they are dead at once.</summary>
    Task AbandonUploadAsync(IReadOnlyCollection<BlobName> blobs, CancellationToken cancellationToken);

    /// <summary>
    /// Switches the owner's photo to <paramref name="photo"/> in one transaction, turning its
    /// pending blobs into referenced ones; returns the photo it replaced and the blobs that no
    /// record references any more, which are dead from the commit on.
    /// </summary>
    /// <exception cref="PhotoConflictException">
    /// The condition failed, the owner no longer exists, or the upload's blobs are no longer pending
    /// (the collector gave them up as stale): nothing changed.
    /// </exception>
    Task<PhotoSwitch> ReplaceAsync(PhotoRecord photo, ETagCondition? condition, CancellationToken cancellationToken);

    /// <summary>Removes the owner's photo; its previous version is null when there was none.</summary>
    /// <exception cref="PhotoConflictException">The condition failed.</exception>
    Task<PhotoSwitch> DeleteAsync(Guid tenantId, Guid ownerId, ETagCondition? condition, CancellationToken cancellationToken);

    /// <summary>
    /// Gives up uploads announced before <paramref name="staleBefore"/> and answers which of the
    /// <paramref name="candidates"/> are dead: neither referenced nor pending, judged in one
    /// snapshot. Candidates must have been listed from the blob store before this call.
    /// </summary>
    Task<IReadOnlyList<BlobName>> CollectAsync(IReadOnlyCollection<BlobName> candidates, DateTimeOffset staleBefore, CancellationToken cancellationToken);
}

/// <summary>What a record switch did: the version it replaced, and the blobs it left dead.</summary>
public sealed record PhotoSwitch(PhotoRecord? Previous, IReadOnlyList<BlobName> Released);

public enum PhotoConflict
{
    PreconditionFailed,
    OwnerGone,
    UploadExpired,
}

public sealed class PhotoConflictException(PhotoConflict conflict) : Exception(conflict.ToString())
{
    public PhotoConflict Conflict { get; } = conflict;
}
