using System.Security.Cryptography;
using ProfilePhotos.Graph;
using ProfilePhotos.Imaging;
using ProfilePhotos.Storage.Blobs;

namespace ProfilePhotos.Photos;

/// <summary>
/// Reads and writes photos. A write announces its blobs (fresh names, never shared), writes them,
/// then switches the record in one transaction, then deletes what the switch left dead. A crash
/// at any point leaves the old photo or the new one, and at worst dead blobs for the collector.
/// Nothing here is locked in the process: the database decides, so uploads to different owners
/// never wait for each other, and any number of nodes may write at once (docs/photos.md).
/// </summary>
public sealed partial class PhotoService(
    IPhotoStore photos, IBlobStore blobs, RenditionBytes renditions, PhotoPipeline pipeline, TimeProvider time, ILogger<PhotoService> logger)
{
    /// <summary>How often a write whose upload was given up as stale (it took longer than the sweep's grace period) is tried again.</summary>
    private const int Attempts = 2;

    public static GraphException PhotoNotFound() => new(StatusCodes.Status404NotFound, "ImageNotFound", "The photo wasn't found.");

    public async Task<PhotoRecord> GetAsync(ResolvedOwner owner, CancellationToken cancellationToken) =>
        await photos.GetAsync(owner.TenantId, owner.Id, cancellationToken) ?? throw PhotoNotFound();

    /// <summary>
    /// Reads the bytes of one size of the photo just read. When a concurrent PUT has replaced that
    /// version and deleted its blobs in between, the current version is read and served instead:
    /// a reader gets the old photo or the new one, never an error for having been slow.
    /// </summary>
    public async Task<(PhotoRecord Photo, byte[] Bytes)> ReadAsync(ResolvedOwner owner, PhotoRecord photo, int size, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var rendition = photo.Find(size) ?? throw PhotoNotFound();
            if (await renditions.ReadAsync(rendition, cancellationToken) is { } bytes)
            {
                return (photo, bytes);
            }

            photo = await GetAsync(owner, cancellationToken);
        }

        throw PhotoNotFound();
    }

    public async Task<PhotoRecord> PutAsync(ResolvedOwner owner, byte[] upload, ETagCondition? condition, CancellationToken cancellationToken)
    {
        var processed = await pipeline.ProcessAsync(upload, cancellationToken);
        var tag = VersionTag(processed.Renditions);
        for (var attempt = 1; ; attempt++)
        {
            var named = processed.Renditions.Select(r => (Rendition: r, Blob: BlobName.New())).ToList();
            var record = new PhotoRecord(
                owner.TenantId, owner.Kind, owner.Id, tag, processed.Width, processed.Height, time.GetUtcNow(),
                named.Select(n => new StoredRendition(n.Rendition.Size, n.Blob, n.Rendition.Jpeg.Length)).ToList());
            var names = named.Select(n => n.Blob).ToList();
            PhotoSwitch done;
            await photos.BeginUploadAsync(names, time.GetUtcNow(), cancellationToken);
            try
            {
                await Task.WhenAll(named.Select(n => blobs.PutAsync(n.Blob, n.Rendition.Jpeg, cancellationToken)));
                done = await SwitchAsync(() => photos.ReplaceAsync(record, condition, CancellationToken.None));
            }
            catch (Exception failed) when (failed is not OutOfMemoryException)
            {
                await AbandonAsync(names, failed);
                if (failed is PhotoConflictException { Conflict: PhotoConflict.UploadExpired } && attempt < Attempts)
                {
                    continue;
                }

                throw failed is PhotoConflictException { Conflict: PhotoConflict.UploadExpired }
                    ? new GraphException(StatusCodes.Status503ServiceUnavailable, "serviceNotAvailable", "Storing the photo took too long; send it again.")
                    : failed;
            }

            await DeleteDeadAsync(done.Released);
            return record;
        }
    }

    public async Task DeleteAsync(ResolvedOwner owner, ETagCondition? condition, CancellationToken cancellationToken)
    {
        var done = await SwitchAsync(() => photos.DeleteAsync(owner.TenantId, owner.Id, condition, cancellationToken));
        if (done.Previous is null)
        {
            throw PhotoNotFound();
        }

        await DeleteDeadAsync(done.Released);
    }

    /// <summary>
    /// The version tag of a photo: derived from the bytes of its sizes, so the same upload gives the
    /// same tag (as it did when blobs were named by those hashes: tags of earlier builds still match).
    /// </summary>
    private static string VersionTag(IEnumerable<Rendition> sizes)
    {
        var hashes = string.Join('/', sizes.Select(r => Convert.ToHexStringLower(SHA256.HashData(r.Jpeg))));
        return $"\"{Convert.ToHexString(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(hashes)), 0, 8)}\"";
    }

    /// <summary>The store's conflicts as Graph answers them; an expired upload is left for the caller to retry.</summary>
    private static async Task<PhotoSwitch> SwitchAsync(Func<Task<PhotoSwitch>> change)
    {
        try
        {
            return await change();
        }
        catch (PhotoConflictException conflict) when (conflict.Conflict == PhotoConflict.PreconditionFailed)
        {
            throw new GraphException(StatusCodes.Status412PreconditionFailed, "PreconditionFailed", "The photo has changed: its ETag does not match If-Match.");
        }
        catch (PhotoConflictException conflict) when (conflict.Conflict == PhotoConflict.OwnerGone)
        {
            throw PhotoNotFound();
        }
    }

    /// <summary>An upload that did not switch gives its blobs up and removes them; what fails here the collector finishes.</summary>
    private async Task AbandonAsync(IReadOnlyCollection<BlobName> names, Exception cause)
    {
        try
        {
            await photos.AbandonUploadAsync(names, CancellationToken.None);
            await DeleteDeadAsync(names);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Data.Common.DbException or Azure.RequestFailedException)
        {
            LogAbandonFailed(logger, ex, cause.GetType().Name);
        }
    }

    /// <summary>Deletes blobs the database has declared dead: no record names them and none ever will.</summary>
    private async Task DeleteDeadAsync(IReadOnlyCollection<BlobName> dead)
    {
        try
        {
            await Task.WhenAll(dead.Select(blob => blobs.DeleteAsync(blob, CancellationToken.None)));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Azure.RequestFailedException)
        {
            LogReleaseFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove the blobs of a replaced photo; the collector will.")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not give up the blobs of an upload that failed ({Cause}); the collector will.")]
    private static partial void LogAbandonFailed(ILogger logger, Exception exception, string cause);
}
