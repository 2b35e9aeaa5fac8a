using System.Security.Cryptography;
using ProfilePhotos.Storage.Blobs;

namespace ProfilePhotos.Tests.Storage;

/// <summary>
/// What every <see cref="IBlobStore"/> must do. Each backend runs these same tests through a
/// subclass that says how to make a fresh, empty store.
/// </summary>
public abstract class BlobStoreContract
{
    protected abstract Task<IBlobStore> CreateStoreAsync();

    protected static (BlobName Name, byte[] Bytes) NewBlob(int size = 1000)
    {
        var bytes = RandomNumberGenerator.GetBytes(size);
        return (BlobName.New(), bytes);
    }

    [Fact]
    public async Task AStoredBlobReadsBackByteForByte()
    {
        var store = await CreateStoreAsync();
        var (name, bytes) = NewBlob(70_000);
        await store.PutAsync(name, bytes, CancellationToken.None);

        Assert.True(await store.ExistsAsync(name, CancellationToken.None));
        await using var stream = await store.OpenReadAsync(name, CancellationToken.None);
        using var copy = new MemoryStream();
        await stream!.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public async Task AMissingBlobIsNullAndDeletingItIsHarmless()
    {
        var store = await CreateStoreAsync();
        var (name, _) = NewBlob();
        Assert.Null(await store.OpenReadAsync(name, CancellationToken.None));
        Assert.False(await store.ExistsAsync(name, CancellationToken.None));
        await store.DeleteAsync(name, CancellationToken.None);
    }

    [Fact]
    public async Task PuttingABlobAgainKeepsItWhole()
    {
        // The service never writes a name twice, but a storage client may retry a write that succeeded.
        var store = await CreateStoreAsync();
        var (name, bytes) = NewBlob();
        await store.PutAsync(name, bytes, CancellationToken.None);
        await store.PutAsync(name, bytes, CancellationToken.None);
        Assert.Equal(bytes, await ReadAsync(store, name));
    }

    [Fact]
    public async Task DeletedBlobsAreGoneAndListingShowsWhatIsStored()
    {
        var store = await CreateStoreAsync();
        var kept = NewBlob();
        var deleted = NewBlob();
        await store.PutAsync(kept.Name, kept.Bytes, CancellationToken.None);
        await store.PutAsync(deleted.Name, deleted.Bytes, CancellationToken.None);
        await store.DeleteAsync(deleted.Name, CancellationToken.None);

        var names = new List<BlobName>();
        await foreach (var blob in store.ListAsync(CancellationToken.None))
        {
            names.Add(blob.Name);
            // The collector spares what was written within its grace period: the time must be the write's.
            Assert.InRange(blob.LastUsed, DateTimeOffset.UtcNow.AddMinutes(-2), DateTimeOffset.UtcNow.AddMinutes(2));
        }

        Assert.Contains(kept.Name, names);
        Assert.DoesNotContain(deleted.Name, names);
        Assert.Null(await store.OpenReadAsync(deleted.Name, CancellationToken.None));
    }

    [Fact]
    public async Task ConcurrentPutsOfOneBlobLeaveOneWholeBlob()
    {
        var store = await CreateStoreAsync();
        var (name, bytes) = NewBlob(200_000);
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => store.PutAsync(name, bytes, CancellationToken.None))));
        await using var stream = await store.OpenReadAsync(name, CancellationToken.None);
        using var copy = new MemoryStream();
        await stream!.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
    }

    private static async Task<byte[]> ReadAsync(IBlobStore store, BlobName name)
    {
        await using var stream = await store.OpenReadAsync(name, CancellationToken.None);
        using var copy = new MemoryStream();
        await stream!.CopyToAsync(copy);
        return copy.ToArray();
    }
}
