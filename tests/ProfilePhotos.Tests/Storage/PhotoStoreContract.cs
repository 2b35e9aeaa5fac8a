using ProfilePhotos.Photos;
using ProfilePhotos.Storage.Blobs;

namespace ProfilePhotos.Tests.Storage;

/// <summary>What every <see cref="IPhotoStore"/> must do, whatever the database behind it.</summary>
public abstract class PhotoStoreContract
{
    private static readonly Guid Tenant = Guid.NewGuid();

    /// <summary>Blob names unique to this test: other tests of the class share the database.</summary>
    private readonly string run = Guid.NewGuid().ToString("N")[..8];

    protected abstract Task<IPhotoStore> CreateStoreAsync();

    /// <summary>Makes a user in the backend's directory, so that it can own a photo.</summary>
    protected abstract Task<Guid> CreateUserAsync(Guid tenantId);

    private PhotoRecord Photo(Guid owner, string tag, params int[] sizes) => new(
        Tenant, PhotoOwnerKind.User, owner, $"\"{tag}\"", 700, 800, DateTimeOffset.UtcNow,
        sizes.Select(s => new StoredRendition(s, Blob(tag, s), s * 10)).ToList());

    private BlobName Blob(string tag, int size) => BlobName.Of(System.Text.Encoding.UTF8.GetBytes($"{run}-{tag}-{size}"));

    [Fact]
    public async Task AReplacedPhotoReadsBackWholeAndTheOldOneIsReturned()
    {
        var store = await CreateStoreAsync();
        var owner = await CreateUserAsync(Tenant);
        Assert.Null(await store.ReplaceAsync(Photo(owner, "a", 48, 64), null, CancellationToken.None));
        var previous = await store.ReplaceAsync(Photo(owner, "b", 48, 64, 96), null, CancellationToken.None);

        Assert.Equal("\"a\"", previous!.ETag);
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
        await store.ReplaceAsync(Photo(owner, "a", 48), null, CancellationToken.None);
        Assert.Null(await store.GetAsync(Guid.NewGuid(), owner, CancellationToken.None));
        Assert.Null(await store.DeleteAsync(Guid.NewGuid(), owner, null, CancellationToken.None));
        Assert.NotNull(await store.GetAsync(Tenant, owner, CancellationToken.None));
    }

    [Fact]
    public async Task AFailedConditionChangesNothing()
    {
        var store = await CreateStoreAsync();
        var owner = await CreateUserAsync(Tenant);
        await store.ReplaceAsync(Photo(owner, "a", 48), null, CancellationToken.None);

        var replace = await Assert.ThrowsAsync<PhotoConflictException>(() =>
            store.ReplaceAsync(Photo(owner, "b", 48), new ETagCondition(["\"stale\""]), CancellationToken.None));
        Assert.Equal(PhotoConflict.PreconditionFailed, replace.Conflict);
        var delete = await Assert.ThrowsAsync<PhotoConflictException>(() =>
            store.DeleteAsync(Tenant, owner, new ETagCondition(["\"stale\""]), CancellationToken.None));
        Assert.Equal(PhotoConflict.PreconditionFailed, delete.Conflict);
        Assert.Equal("\"a\"", (await store.GetAsync(Tenant, owner, CancellationToken.None))!.ETag);

        await store.ReplaceAsync(Photo(owner, "c", 48), new ETagCondition(["\"a\""]), CancellationToken.None);
        Assert.Equal("\"c\"", (await store.GetAsync(Tenant, owner, CancellationToken.None))!.ETag);
    }

    [Fact]
    public async Task AnyMatchesOnlyAnExistingPhoto()
    {
        var store = await CreateStoreAsync();
        var owner = await CreateUserAsync(Tenant);
        await Assert.ThrowsAsync<PhotoConflictException>(() =>
            store.ReplaceAsync(Photo(owner, "a", 48), new ETagCondition(["*"]), CancellationToken.None));
        await store.ReplaceAsync(Photo(owner, "a", 48), null, CancellationToken.None);
        await store.ReplaceAsync(Photo(owner, "b", 48), new ETagCondition(["*"]), CancellationToken.None);
        Assert.Equal("\"b\"", (await store.GetAsync(Tenant, owner, CancellationToken.None))!.ETag);
    }

    [Fact]
    public async Task APhotoOfAnOwnerThatDoesNotExistIsRefused()
    {
        var store = await CreateStoreAsync();
        var conflict = await Assert.ThrowsAsync<PhotoConflictException>(() =>
            store.ReplaceAsync(Photo(Guid.NewGuid(), "a", 48), null, CancellationToken.None));
        Assert.Equal(PhotoConflict.OwnerGone, conflict.Conflict);
    }

    [Fact]
    public async Task DeletingReturnsThePhotoOnceAndReferencesFollow()
    {
        var store = await CreateStoreAsync();
        var owner = await CreateUserAsync(Tenant);
        var other = await CreateUserAsync(Tenant);
        var photo = Photo(owner, "a", 48, 64);
        await store.ReplaceAsync(photo, null, CancellationToken.None);
        await store.ReplaceAsync(Photo(other, "z", 48), null, CancellationToken.None);
        var blobs = photo.Renditions.Select(r => r.Blob).ToList();
        Assert.Equal(blobs.ToHashSet(), (await store.ReferencedAsync(blobs, CancellationToken.None)).ToHashSet());
        Assert.Superset(blobs.ToHashSet(), (await store.AllReferencedAsync(CancellationToken.None)).ToHashSet());

        Assert.Equal("\"a\"", (await store.DeleteAsync(Tenant, owner, null, CancellationToken.None))!.ETag);
        Assert.Null(await store.DeleteAsync(Tenant, owner, null, CancellationToken.None));
        Assert.Empty(await store.ReferencedAsync(blobs, CancellationToken.None));
        Assert.NotEmpty(await store.AllReferencedAsync(CancellationToken.None));
    }
}
