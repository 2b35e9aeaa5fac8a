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
        return (BlobName.Of(bytes), bytes);
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
    public async Task PuttingABlobAgainKeepsItAndRefreshesItsTime()
    {
        var store = await CreateStoreAsync();
        var (name, bytes) = NewBlob();
        await store.PutAsync(name, bytes, CancellationToken.None);
        var first = await LastUsedAsync(store, name);
        await Task.Delay(1100);
        await store.PutAsync(name, bytes, CancellationToken.None);
        Assert.True(await LastUsedAsync(store, name) > first, "a blob claimed again must not look old to a sweep");
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

    private static async Task<DateTimeOffset> LastUsedAsync(IBlobStore store, BlobName name)
    {
        await foreach (var blob in store.ListAsync(CancellationToken.None))
        {
            if (blob.Name == name)
            {
                return blob.LastUsed;
            }
        }

        throw new InvalidOperationException($"{name} is not listed");
    }
}
