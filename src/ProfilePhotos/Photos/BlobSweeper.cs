using ProfilePhotos.Storage.Blobs;

namespace ProfilePhotos.Photos;

/// <summary>
/// Removes blobs no photo references: what a crash between writing blobs and switching the
/// record leaves, and what a failed release left. Blobs younger than the grace period are kept,
/// since an upload in flight has written them but not yet switched its record.
/// </summary>
public sealed partial class BlobSweeper(IPhotoStore photos, IBlobStore blobs, TimeProvider time, ILogger<BlobSweeper> logger)
{
    public async Task<int> SweepAsync(TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        var referenced = await photos.AllReferencedAsync(cancellationToken);
        var cutoff = time.GetUtcNow() - gracePeriod;
        var removed = 0;
        await foreach (var blob in blobs.ListAsync(cancellationToken))
        {
            if (!referenced.Contains(blob.Name) && blob.LastUsed <= cutoff)
            {
                await blobs.DeleteAsync(blob.Name, cancellationToken);
                removed++;
            }
        }

        if (removed > 0)
        {
            LogSwept(logger, removed);
        }

        return removed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} blobs that no photo references.")]
    private static partial void LogSwept(ILogger logger, int count);
}

/// <summary>Runs the sweep now and then, with the grace period that keeps in-flight uploads safe.</summary>
public sealed class BlobSweepService(BlobSweeper sweeper, Microsoft.Extensions.Options.IOptions<Hosting.StorageOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await sweeper.SweepAsync(options.Value.SweepGracePeriod, stoppingToken);
        }
    }
}
