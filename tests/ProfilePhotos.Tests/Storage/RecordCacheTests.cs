using ProfilePhotos.Storage.Caching;

namespace ProfilePhotos.Tests.Storage;

/// <summary>The embedded store's record cache: remembered until a write, never older than the last completed write.</summary>
public sealed class RecordCacheTests : IDisposable
{
    private readonly RecordCache cache = new(100_000);
    private int reads;

    public void Dispose() => cache.Dispose();

    private Task<string?> ReadAsync(string key, string? value) =>
        cache.ReadAsync(key, value, (_, v, _) => { Interlocked.Increment(ref reads); return Task.FromResult(v); }, CancellationToken.None);

    [Fact]
    public async Task ARememberedRecordIsServedWithoutReadingTheStoreAgain()
    {
        Assert.Equal("v1", await ReadAsync("k", "v1"));
        Assert.Equal("v1", await ReadAsync("k", "changed underneath"));
        Assert.Equal(1, reads);
    }

    [Fact]
    public async Task AnyWriteMakesTheNextReadGoToTheStore()
    {
        await ReadAsync("k", "v1");
        await cache.WriteAsync(Task.CompletedTask);
        Assert.Equal("v2", await ReadAsync("k", "v2"));
        Assert.Equal(2, reads);
    }

    [Fact]
    public async Task AFailedWriteStillEndsWhatWasRemembered()
    {
        await ReadAsync("k", "v1");
        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.WriteAsync(Task.FromException(new InvalidOperationException())));
        Assert.Equal("v2", await ReadAsync("k", "v2"));
    }

    [Fact]
    public async Task WhatAReadReturnsIsNotUsedWhenAWriteEndedWhileItRan()
    {
        var readStarted = new TaskCompletionSource();
        var readMayEnd = new TaskCompletionSource();
        var slowRead = cache.ReadAsync("k", 0, async (_, _, _) =>
        {
            readStarted.SetResult();
            await readMayEnd.Task;
            return "old";
        }, CancellationToken.None);

        await readStarted.Task;
        await cache.WriteAsync(Task.CompletedTask); // commits "new" while the read is still out
        readMayEnd.SetResult();
        Assert.Equal("old", await slowRead); // that reader began before the write: old is its answer

        Assert.Equal("new", await ReadAsync("k", "new"));
    }

    [Fact]
    public async Task MissesAreNotRemembered()
    {
        Assert.Null(await ReadAsync("k", null));
        Assert.Equal("created", await ReadAsync("k", "created"));
        Assert.Equal(2, reads);
    }

    [Fact]
    public async Task NothingIsRememberedWithoutCapacity()
    {
        using var off = new RecordCache(0);
        Assert.False(off.Enabled);
        for (var i = 0; i < 3; i++)
        {
            await off.ReadAsync("k", "v", (_, v, _) => { reads++; return Task.FromResult<string?>(v); }, CancellationToken.None);
        }

        Assert.Equal(3, reads);
    }

    [Fact]
    public async Task DifferentKeyTypesWithEqualValuesAreDifferentRecords()
    {
        await cache.ReadAsync(new KeyA(1), "a", (_, v, _) => Task.FromResult<string?>(v), CancellationToken.None);
        Assert.Equal("b", await cache.ReadAsync(new KeyB(1), "b", (_, v, _) => Task.FromResult<string?>(v), CancellationToken.None));
    }

    private readonly record struct KeyA(int Id);

    private readonly record struct KeyB(int Id);
}
