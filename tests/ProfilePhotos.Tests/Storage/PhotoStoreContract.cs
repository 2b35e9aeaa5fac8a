using System.Collections.Concurrent;
using ProfilePhotos.Photos;
using ProfilePhotos.Storage.Blobs;

namespace ProfilePhotos.Tests.Storage;

/// <summary>What every <see cref="IPhotoStore"/> must do, whatever the database behind it.</summary>
public abstract class PhotoStoreContract
{
    private static readonly Guid Tenant = Guid.NewGuid();
    private readonly ConcurrentDictionary<(string Tag, int Size), BlobName> names = new();

    protected abstract Task<IPhotoStore> CreateStoreAsync();

    /// <summary>Makes a user in the backend's directory, so that it can own a photo.</summary>
    protected abstract Task<Guid> CreateUserAsync(Guid tenantId);

    private PhotoRecord Photo(Guid owner, string tag, params int[] sizes) => new(
        Tenant, PhotoOwnerKind.User, owner, $"\"{tag}\"", 700, 800, DateTimeOffset.UtcNow,
        sizes.Select(s => new StoredRendition(s, Blob(tag, s), s * 10)).ToList());

    /// <summary>The blob of one size of one test upload: a fresh name, the same each time it is asked for.</summary>
    private BlobName Blob(string tag, int size) => names.GetOrAdd((tag, size), _ => BlobName.New());

    private static List<BlobName> Blobs(PhotoRecord photo) => photo.Renditions.Select(r => r.Blob).ToList();

    private static List<string> Sorted(IEnumerable<BlobName> blobs) => blobs.Select(b => b.ToString()).Order(StringComparer.Ordinal).ToList();

    /// <summary>An upload as the service makes it: its blobs announced, then the switch.</summary>
    private static async Task<PhotoSwitch> UploadAsync(IPhotoStore store, PhotoRecord photo, ETagCondition? condition = null)
    {
        await store.BeginUploadAsync(Blobs(photo), DateTimeOffset.UtcNow, CancellationToken.None);
        return await store.ReplaceAsync(photo, condition, CancellationToken.None);
    }

    [Fact]
    public async Task AReplacedPhotoReadsBackWholeAndTheOldOneIsReturnedWithItsBlobsReleased()
    {
        var store = await CreateStoreAsync();
        var owner = await CreateUserAsync(Tenant);
        var first = await UploadAsync(store, Photo(owner, "a", 48, 64));
        Assert.Null(first.Previous);
        Assert.Empty(first.Released);
        var second = await UploadAsync(store, Photo(owner, "b", 48, 64, 96));

        Assert.Equal("\"a\"", second.Previous!.ETag);
        Assert.Equal(Sorted([Blob("a", 48), Blob("a", 64)]), Sorted(second.Released));
        var current = await store.GetAsync(Tenant, owner, CancellationToken.None);
        Assert.Equal("\"b\"", current!.ETag);
        Assert.Equal([48, 64, 96], current.Renditions.Select(r => r.Size));
        Assert.Equal([Blob("b", 48), Blob("b", 64), Blob("b", 96)], current.Renditions.Select(r => r.Blob));
        Assert.Equal((700, 800), (current.Width, current.Height));
    }

    [Fact]
    public async Task AnotherTenantSeesNoPhoto()
    {
        var store = await CreateStoreAsync();
        var owner = await CreateUserAsync(Tenant);
        await UploadAsync(store, Photo(owner, "a", 48));
        Assert.Null(await store.GetAsync(Guid.NewGuid(), owner, CancellationToken.None));
        Assert.Null((await store.DeleteAsync(Guid.NewGuid(), owner, null, CancellationToken.None)).Previous);
        Assert.NotNull(await store.GetAsync(Tenant, owner, CancellationToken.None));
    }

    [Fact]
    public async Task AFailedConditionChangesNothing()
    {
        var store = await CreateStoreAsync();
        var owner = await CreateUserAsync(Tenant);
        await UploadAsync(store, Photo(owner, "a", 48));

        var replace = await Assert.ThrowsAsync<PhotoConflictException>(() => UploadAsync(store, Photo(owner, "b", 48), new ETagCondition(["\"stale\""])));
        Assert.Equal(PhotoConflict.PreconditionFailed, replace.Conflict);
        var delete = await Assert.ThrowsAsync<PhotoConflictException>(() =>
            store.DeleteAsync(Tenant, owner, new ETagCondition(["\"stale\""]), CancellationToken.None));
        Assert.Equal(PhotoConflict.PreconditionFailed, delete.Conflict);
        Assert.Equal("\"a\"", (await store.GetAsync(Tenant, owner, CancellationToken.None))!.ETag);

        await UploadAsync(store, Photo(owner, "c", 48), new ETagCondition(["\"a\""]));
        Assert.Equal("\"c\"", (await store.GetAsync(Tenant, owner, CancellationToken.None))!.ETag);
    }

    [Fact]
    public async Task AnyMatchesOnlyAnExistingPhoto()
    {
        var store = await CreateStoreAsync();
        var owner = await CreateUserAsync(Tenant);
        await Assert.ThrowsAsync<PhotoConflictException>(() => UploadAsync(store, Photo(owner, "a", 48), new ETagCondition(["*"])));
        await UploadAsync(store, Photo(owner, "b", 48));
        await UploadAsync(store, Photo(owner, "c", 48), new ETagCondition(["*"]));
        Assert.Equal("\"c\"", (await store.GetAsync(Tenant, owner, CancellationToken.None))!.ETag);
    }

    [Fact]
    public async Task APhotoOfAnOwnerThatDoesNotExistIsRefused()
    {
        var store = await CreateStoreAsync();
        var conflict = await Assert.ThrowsAsync<PhotoConflictException>(() => UploadAsync(store, Photo(Guid.NewGuid(), "a", 48)));
        Assert.Equal(PhotoConflict.OwnerGone, conflict.Conflict);
    }

    [Fact]
    public async Task DeletingReturnsThePhotoOnceAndReleasesItsBlobs()
    {
        var store = await CreateStoreAsync();
        var owner = await CreateUserAsync(Tenant);
        var photo = Photo(owner, "a", 48, 64);
        await UploadAsync(store, photo);

        var deleted = await store.DeleteAsync(Tenant, owner, null, CancellationToken.None);
        Assert.Equal("\"a\"", deleted.Previous!.ETag);
        Assert.Equal(Sorted(Blobs(photo)), Sorted(deleted.Released));
        var again = await store.DeleteAsync(Tenant, owner, null, CancellationToken.None);
        Assert.Null(again.Previous);
        Assert.Empty(again.Released);
    }

    [Fact]
    public async Task OnlyBlobsNeitherReferencedNorPendingAreDead()
    {
        var store = await CreateStoreAsync();
        var owner = await CreateUserAsync(Tenant);
        var referenced = Photo(owner, "referenced", 48);
        await UploadAsync(store, referenced);
        var pending = Photo(owner, "pending", 48);
        await store.BeginUploadAsync(Blobs(pending), DateTimeOffset.UtcNow, CancellationToken.None);
        var abandoned = Photo(owner, "abandoned", 48);
        await store.BeginUploadAsync(Blobs(abandoned), DateTimeOffset.UtcNow, CancellationToken.None);
        await store.AbandonUploadAsync(Blobs(abandoned), CancellationToken.None);
        var stray = BlobName.New();

        var dead = await store.CollectAsync([.. Blobs(referenced), .. Blobs(pending), .. Blobs(abandoned), stray], DateTimeOffset.UtcNow.AddMinutes(-5), CancellationToken.None);
        Assert.Equal(Sorted([.. Blobs(abandoned), stray]), Sorted(dead));
    }

    [Fact]
    public async Task AnUploadGivenUpAsStaleCannotSwitchAndItsBlobsAreDead()
    {
        var store = await CreateStoreAsync();
        var owner = await CreateUserAsync(Tenant);
        await UploadAsync(store, Photo(owner, "a", 48));
        var late = Photo(owner, "late", 48, 64);
        await store.BeginUploadAsync(Blobs(late), DateTimeOffset.UtcNow.AddMinutes(-10), CancellationToken.None);

        var dead = await store.CollectAsync(Blobs(late), DateTimeOffset.UtcNow.AddMinutes(-5), CancellationToken.None);
        Assert.Equal(Sorted(Blobs(late)), Sorted(dead));
        var refused = await Assert.ThrowsAsync<PhotoConflictException>(() => store.ReplaceAsync(late, null, CancellationToken.None));
        Assert.Equal(PhotoConflict.UploadExpired, refused.Conflict);
        Assert.Equal("\"a\"", (await store.GetAsync(Tenant, owner, CancellationToken.None))!.ETag);
    }

    [Fact]
    public async Task BlobsThatTwoRecordsShareAreReleasedOnlyWithTheLastOfThem()
    {
        // Earlier builds named blobs by their bytes, so two records could name the same blobs.
        var store = await CreateStoreAsync();
        var owner = await CreateUserAsync(Tenant);
        var twin = await CreateUserAsync(Tenant);
        var shared = Photo(owner, "shared", 48, 64);
        await UploadAsync(store, shared);
        await UploadAsync(store, shared with { OwnerId = twin });

        Assert.Empty((await UploadAsync(store, Photo(owner, "own", 48))).Released);
        Assert.Empty(await store.CollectAsync(Blobs(shared), DateTimeOffset.UtcNow, CancellationToken.None));
        Assert.Equal(Sorted(Blobs(shared)), Sorted((await store.DeleteAsync(Tenant, twin, null, CancellationToken.None)).Released));
    }

    [Fact]
    public async Task NoBlobACommittedRecordNamesIsEverJudgedDeadWhileUploadsAndCollectionsRace()
    {
        var store = await CreateStoreAsync();
        var owners = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            owners.Add(await CreateUserAsync(Tenant));
        }

        var announced = new ConcurrentBag<BlobName>();
        var switched = new ConcurrentBag<BlobName>();
        var judgedDead = new ConcurrentBag<BlobName>();
        using var stop = new CancellationTokenSource();
        var uploads = owners.Select(owner => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                var photo = Photo(owner, $"{owner}-{i}", 48, 64, 96);
                await store.BeginUploadAsync(Blobs(photo), DateTimeOffset.UtcNow, CancellationToken.None);
                Blobs(photo).ForEach(announced.Add);
                try
                {
                    var done = await store.ReplaceAsync(photo, null, CancellationToken.None);
                    Blobs(photo).ForEach(switched.Add);
                    done.Released.ToList().ForEach(judgedDead.Add);
                }
                catch (PhotoConflictException expired) when (expired.Conflict == PhotoConflict.UploadExpired)
                {
                    // The collector gave this upload up first: refused, and its blobs are fair game.
                }
            }
        })).ToList();
        // A collector with no grace at all gives up every upload it finds still pending.
        var collector = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var dead = await store.CollectAsync(announced.Distinct().ToList(), DateTimeOffset.UtcNow, CancellationToken.None);
                dead.ToList().ForEach(judgedDead.Add);
            }
        });
        await Task.WhenAll(uploads);
        await stop.CancelAsync();
        await collector;

        var current = new HashSet<BlobName>();
        foreach (var owner in owners)
        {
            if (await store.GetAsync(Tenant, owner, CancellationToken.None) is { } photo)
            {
                current.UnionWith(Blobs(photo));
            }
        }

        Assert.NotEmpty(current);
        Assert.Empty(current.Intersect(judgedDead));
        Assert.Subset(switched.ToHashSet(), current);
    }
}
