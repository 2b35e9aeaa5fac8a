using ProfilePhotos.Identity;
using ProfilePhotos.Photos;
using ProfilePhotos.Principals.Contacts;
using ProfilePhotos.Principals.Groups;
using ProfilePhotos.Principals.Users;
using ProfilePhotos.Storage;
using ProfilePhotos.Storage.Caching;
using ProfilePhotos.Storage.Sql;

namespace ProfilePhotos.Tests.Storage;

/// <summary>The photo store contract on the service's own composition of stores over one database.</summary>
public abstract class SqlPhotoStoreContract(Func<SqlDatabase> database, int cachedRecords = 0) : PhotoStoreContract, IDisposable
{
    private readonly RecordCache cache = new(cachedRecords);
    private MetadataStores? stores;

    private MetadataStores Stores => stores ??= new MetadataStores(database(), cache);

    protected override Task<IPhotoStore> CreateStoreAsync() => Task.FromResult(Stores.Photos);

    protected override async Task<Guid> CreateUserAsync(Guid tenantId)
    {
        var user = new UserRecord(Guid.NewGuid(), tenantId, $"u{Guid.NewGuid():N}@contoso.com", "U", null, null, null, null, null, true, DateTimeOffset.UtcNow);
        await Stores.Users.CreateAsync(user, "not-a-real-hash", CancellationToken.None);
        return user.Id;
    }

    public void Dispose()
    {
        cache.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The directory store contract on the service's own composition of stores over one database.</summary>
public abstract class SqlDirectoryStoreContract(Func<SqlDatabase> database, int cachedRecords = 0) : DirectoryStoreContract, IDisposable
{
    private readonly RecordCache cache = new(cachedRecords);
    private MetadataStores? stores;

    private MetadataStores Stores => stores ??= new MetadataStores(database(), cache);

    protected override IUserStore Users => Stores.Users;

    protected override IGroupStore Groups => Stores.Groups;

    protected override IContactStore Contacts => Stores.Contacts;

    protected override IApplicationStore Applications => Stores.Applications;

    public void Dispose()
    {
        cache.Dispose();
        GC.SuppressFinalize(this);
    }
}
