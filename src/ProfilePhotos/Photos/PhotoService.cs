using System.Security.Cryptography;
using ProfilePhotos.Graph;
using ProfilePhotos.Imaging;
using ProfilePhotos.Storage.Blobs;

namespace ProfilePhotos.Photos;

/// <summary>
/// Reads and writes photos: blobs first (content-addressed, immutable), then the record in one
/// transaction, then the blobs nobody references any more. A crash at any point leaves the old
/// photo or the new one; what it leaves behind is unreferenced blobs, which the sweep removes.
/// </summary>
public sealed partial class PhotoService(
    IPhotoStore photos, IBlobStore blobs, RenditionBytes renditions, PhotoPipeline pipeline, TimeProvider time, ILogger<PhotoService> logger) : IDisposable
{
    /// <summary>
    /// Identical uploads share blobs. Writing blobs and switching a record, and judging blobs
    /// unreferenced and deleting them, never overlap in this process: otherwise a release could
    /// delete a blob another upload has just claimed but not yet switched to, and a crash right
    /// after that switch would leave a record naming a missing blob (the crash test found it).
    /// </summary>
    private readonly SemaphoreSlim blobClaims = new(1, 1);

    public void Dispose() => blobClaims.Dispose();

    public static GraphException PhotoNotFound() => new(StatusCodes.Status404NotFound, "ImageNotFound", "The photo wasn't found.");

    public async Task<PhotoRecord> GetAsync(ResolvedOwner owner, CancellationToken cancellationToken) =>
        await photos.GetAsync(owner.TenantId, owner.Id, cancellationToken) ?? throw PhotoNotFound();

    /// <summary>
    /// Reads the bytes of one size of the photo just read. When a concurrent PUT has replaced that
    /// version and released its blobs in between, the current version is read and served instead:
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
        var named = processed.Renditions.Select(r => (Rendition: r, Blob: BlobName.Of(r.Jpeg))).ToList();
        var record = new PhotoRecord(
            owner.TenantId, owner.Kind, owner.Id, VersionTag(named.Select(n => n.Blob.ToString())), processed.Width, processed.Height,
            time.GetUtcNow(), named.Select(n => new StoredRendition(n.Rendition.Size, n.Blob, n.Rendition.Jpeg.Length)).ToList());

        PhotoRecord? previous;
        await blobClaims.WaitAsync(cancellationToken);
        try
        {
            await Task.WhenAll(named.Select(n => blobs.PutAsync(n.Blob, n.Rendition.Jpeg, cancellationToken)));
            previous = await SwitchAsync(() => photos.ReplaceAsync(record, condition, CancellationToken.None));
        }
        finally
        {
            blobClaims.Release();
        }

        // A release or sweep may have judged a shared blob unreferenced just before this switch;
        // the bytes are still at hand, so put back whatever went missing.
        foreach (var (rendition, blob) in named)
        {
            if (!await blobs.ExistsAsync(blob, CancellationToken.None))
            {
                await blobs.PutAsync(blob, rendition.Jpeg, CancellationToken.None);
            }
        }

        await ReleaseAsync(previous, record);
        return record;
    }

    public async Task DeleteAsync(ResolvedOwner owner, ETagCondition? condition, CancellationToken cancellationToken)
    {
        var previous = await SwitchAsync(() => photos.DeleteAsync(owner.TenantId, owner.Id, condition, cancellationToken)) ?? throw PhotoNotFound();
        await ReleaseAsync(previous, null);
    }

    /// <summary>The version tag of a photo: derived from its renditions, so the same upload gives the same tag.</summary>
    private static string VersionTag(IEnumerable<string> blobNames)
    {
        var digest = SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(string.Join('/', blobNames)));
        return $"\"{Convert.ToHexString(digest, 0, 8)}\"";
    }

    private static async Task<PhotoRecord?> SwitchAsync(Func<Task<PhotoRecord?>> change)
    {
        try
        {
            return await change();
        }
        catch (PhotoConflictException conflict) when (conflict.Conflict == PhotoConflict.PreconditionFailed)
        {
            throw new GraphException(StatusCodes.Status412PreconditionFailed, "PreconditionFailed", "The photo has changed: its ETag does not match If-Match.");
        }
        catch (PhotoConflictException)
        {
            throw PhotoNotFound();
        }
    }

    /// <summary>Deletes the previous version's blobs that no photo references any more. Failure here loses nothing: the sweep retries.</summary>
    private async Task ReleaseAsync(PhotoRecord? previous, PhotoRecord? current)
    {
        if (previous is null)
        {
            return;
        }

        var candidates = previous.Renditions.Select(r => r.Blob).Except(current?.Renditions.Select(r => r.Blob) ?? []).ToList();
        await blobClaims.WaitAsync();
        try
        {
            var stillUsed = await photos.ReferencedAsync(candidates, CancellationToken.None);
            foreach (var blob in candidates.Where(b => !stillUsed.Contains(b)))
            {
                await blobs.DeleteAsync(blob, CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Data.Common.DbException)
        {
            LogReleaseFailed(logger, ex);
        }
        finally
        {
            blobClaims.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove the blobs of a replaced photo; the sweep will.")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception);
}
