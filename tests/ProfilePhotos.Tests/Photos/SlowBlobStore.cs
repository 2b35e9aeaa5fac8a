using ProfilePhotos.Storage.Blobs;

namespace ProfilePhotos.Tests.Photos;

/// <summary>
/// A blob store behind a slow, unsteady link: every write and delete is held for a random time
/// first (a far link, a GC pause, a throttled storage account), so that one node's deletions land
/// long after it decided them, while the other node goes on.
/// </summary>
public sealed class SlowBlobStore(IBlobStore inner, int seed, TimeSpan maxDelay) : IBlobStore
{
    private readonly Random random = new(seed);
    private int delayedDeletes;

    public int DelayedDeletes => Volatile.Read(ref delayedDeletes);

    public async Task PutAsync(BlobName name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        await Task.Delay(NextDelay() / 3, cancellationToken);
        await inner.PutAsync(name, content, cancellationToken);
    }

    public async Task DeleteAsync(BlobName name, CancellationToken cancellationToken)
    {
        var delay = NextDelay();
        if (delay > TimeSpan.Zero)
        {
            Interlocked.Increment(ref delayedDeletes);
        }

        await Task.Delay(delay, cancellationToken);
        await inner.DeleteAsync(name, cancellationToken);
    }

    public Task<Stream?> OpenReadAsync(BlobName name, CancellationToken cancellationToken) => inner.OpenReadAsync(name, cancellationToken);

    public Task<bool> ExistsAsync(BlobName name, CancellationToken cancellationToken) => inner.ExistsAsync(name, cancellationToken);

    public IAsyncEnumerable<BlobEntry> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

    private TimeSpan NextDelay()
    {
        lock (random)
        {
            return random.Next(4) == 0 ? TimeSpan.Zero : maxDelay * random.NextDouble();
        }
    }
}
