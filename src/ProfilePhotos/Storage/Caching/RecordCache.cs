using Microsoft.Extensions.Caching.Memory;

namespace ProfilePhotos.Storage.Caching;

/// <summary>
/// Records read from the embedded store, remembered until the next write to it. Every write
/// through a caching store advances one generation once it has committed; a remembered record
/// is used only while the generation it was read under is still the current one. So a reader
/// never sees a record older than the last write that completed before it began, which is the
/// read-after-write the API promises, and no write has to know which records it touched.
/// </summary>
/// <remarks>
/// Only for the embedded store, where this process is the only writer: with PostgreSQL other
/// nodes write too and this process would not see their changes, so the composition gives it no
/// capacity there. Bounded by <c>Storage:CachedRecords</c>; misses (null) are never remembered.
/// </remarks>
public sealed class RecordCache : IDisposable
{
    private static readonly MemoryCacheEntryOptions OneEntry = new() { Size = 1 };
    private readonly MemoryCache? entries;
    private long generation;

    /// <param name="capacity">How many records to remember; 0 remembers none.</param>
    public RecordCache(int capacity)
    {
        if (capacity > 0)
        {
            entries = new MemoryCache(new MemoryCacheOptions { SizeLimit = capacity, CompactionPercentage = 0.25 });
        }
    }

    public bool Enabled => entries is not null;

    /// <summary>The store behind this cache when it remembers anything, else the store itself.</summary>
    public TStore Wrap<TStore>(TStore store, Func<TStore, RecordCache, TStore> caching) => Enabled ? caching(store, this) : store;

    /// <summary>The record under <paramref name="key"/>, remembered or read with <paramref name="read"/>.</summary>
    public async Task<T?> ReadAsync<TKey, TState, T>(
        TKey key, TState state, Func<TKey, TState, CancellationToken, Task<T?>> read, CancellationToken cancellationToken)
        where TKey : notnull
        where T : class
    {
        if (entries is null)
        {
            return await read(key, state, cancellationToken);
        }

        // The generation is taken before the read: a write that commits during the read advances
        // it, and what the read returned is then never used.
        var stamp = Volatile.Read(ref generation);
        if (entries.TryGetValue(key, out var found) && found is Entry<T> entry && entry.Generation == stamp)
        {
            return entry.Value;
        }

        var value = await read(key, state, cancellationToken);
        if (value is not null)
        {
            entries.Set(key, new Entry<T>(stamp, value), OneEntry);
        }

        return value;
    }

    /// <summary>Runs a write; once it has ended, committed or not, nothing read before it is used again.</summary>
    public async Task<T> WriteAsync<T>(Task<T> write)
    {
        try
        {
            return await write;
        }
        finally
        {
            Interlocked.Increment(ref generation);
        }
    }

    /// <inheritdoc cref="WriteAsync{T}(Task{T})"/>
    public async Task WriteAsync(Task write)
    {
        try
        {
            await write;
        }
        finally
        {
            Interlocked.Increment(ref generation);
        }
    }

    public void Dispose() => entries?.Dispose();

    private sealed record Entry<T>(long Generation, T Value);
}
