using ProfilePhotos.Storage.Blobs;

namespace ProfilePhotos.Photos;

/// <summary>
/// The collector of dead blobs: what a crash between writing blobs and switching the record left,
/// what a failed deletion left, the photos of deleted owners. It lists the blob store first and
/// asks the database second, so that every blob it sees was announced before (as pending) and is
/// judged by <see cref="IPhotoStore.CollectAsync"/> in one snapshot; uploads announced longer
/// ago than the grace period are given up, and their switch will be refused.
/// </summary>
public sealed partial class BlobSweeper(IPhotoStore photos, IBlobStore blobs, TimeProvider time, ILogger<BlobSweeper> logger)
{
    public async Task<int> SweepAsync(TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - gracePeriod;
        var candidates = new List<BlobName>();
        await foreach (var blob in blobs.ListAsync(cancellationToken))
        {
            // Written within the grace period: left for the next sweep, whatever the database says.
            if (blob.LastUsed <= cutoff)
            {
                candidates.Add(blob.Name);
            }
        }

        var dead = candidates.Count == 0 ? [] : await photos.CollectAsync(candidates, cutoff, cancellationToken);
        foreach (var blob in dead)
        {
            await blobs.DeleteAsync(blob, cancellationToken);
        }

        if (dead.Count > 0)
        {
            LogSwept(logger, dead.Count);
        }

        return dead.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} blobs that no photo references.")]
    private static partial void LogSwept(ILogger logger, int count);
}

/// <summary>Runs the collector now and then, with the grace period that keeps in-flight uploads safe.</summary>
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
