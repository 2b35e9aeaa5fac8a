using Microsoft.Extensions.Options;
using ProfilePhotos.Hosting;
using ProfilePhotos.Identity;
using ProfilePhotos.Photos;
using ProfilePhotos.Principals.Contacts;
using ProfilePhotos.Principals.Groups;
using ProfilePhotos.Principals.Users;
using ProfilePhotos.Storage;
using ProfilePhotos.Storage.Blobs;
using ProfilePhotos.Storage.Caching;

namespace ProfilePhotos.Tests.Storage;

/// <summary>The embedded backends (SQLite and files) under the storage contracts.</summary>
public sealed class EmbeddedStore : IAsyncLifetime
{
    public string Directory { get; } = Tests.Infrastructure.ServiceFixture.TemporaryDirectory();

    public SqliteDatabase Database { get; private set; } = null!;

    public IOptions<StorageOptions> Options => Microsoft.Extensions.Options.Options.Create(new StorageOptions { DataDirectory = Directory });

    public async Task InitializeAsync()
    {
        Database = new SqliteDatabase(Options);
        await SqliteMigrations.MigrateAsync(Database, CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }
}

public sealed class FileBlobStoreContractTests(EmbeddedStore embedded) : BlobStoreContract, IClassFixture<EmbeddedStore>
{
    protected override Task<IBlobStore> CreateStoreAsync()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new StorageOptions { DataDirectory = Path.Combine(embedded.Directory, Guid.NewGuid().ToString("N")) });
        return Task.FromResult<IBlobStore>(new FileBlobStore(options, TimeProvider.System));
    }
}

public sealed class SqlitePhotoStoreContractTests(EmbeddedStore embedded) : PhotoStoreContract, IClassFixture<EmbeddedStore>
{
    protected override Task<IPhotoStore> CreateStoreAsync() => Task.FromResult<IPhotoStore>(new SqlitePhotoStore(embedded.Database));

    protected override async Task<Guid> CreateUserAsync(Guid tenantId)
    {
        var user = new UserRecord(Guid.NewGuid(), tenantId, $"u{Guid.NewGuid():N}@contoso.com", "U", null, null, null, null, null, true, DateTimeOffset.UtcNow);
        await new SqliteUserStore(embedded.Database).CreateAsync(user, "not-a-real-hash", CancellationToken.None);
        return user.Id;
    }
}

public sealed class SqliteDirectoryStoreContractTests(EmbeddedStore embedded) : DirectoryStoreContract, IClassFixture<EmbeddedStore>
{
    protected override IUserStore Users => new SqliteUserStore(embedded.Database);

    protected override IGroupStore Groups => new SqliteGroupStore(embedded.Database);

    protected override IContactStore Contacts => new SqliteContactStore(embedded.Database);

    protected override IApplicationStore Applications => new SqliteApplicationStore(embedded.Database);
}

/// <summary>The same contracts through the record cache the service puts in front of SQLite: caching must change no answer.</summary>
public sealed class CachedSqlitePhotoStoreContractTests(EmbeddedStore embedded) : PhotoStoreContract, IClassFixture<EmbeddedStore>, IDisposable
{
    private readonly RecordCache cache = new(embedded.Options);

    protected override Task<IPhotoStore> CreateStoreAsync() => Task.FromResult<IPhotoStore>(new CachingPhotoStore(new SqlitePhotoStore(embedded.Database), cache));

    protected override async Task<Guid> CreateUserAsync(Guid tenantId)
    {
        var user = new UserRecord(Guid.NewGuid(), tenantId, $"u{Guid.NewGuid():N}@contoso.com", "U", null, null, null, null, null, true, DateTimeOffset.UtcNow);
        await new CachingUserStore(new SqliteUserStore(embedded.Database), cache).CreateAsync(user, "not-a-real-hash", CancellationToken.None);
        return user.Id;
    }

    public void Dispose() => cache.Dispose();
}

/// <inheritdoc cref="CachedSqlitePhotoStoreContractTests"/>
public sealed class CachedSqliteDirectoryStoreContractTests(EmbeddedStore embedded) : DirectoryStoreContract, IClassFixture<EmbeddedStore>, IDisposable
{
    private readonly RecordCache cache = new(embedded.Options);

    protected override IUserStore Users => new CachingUserStore(new SqliteUserStore(embedded.Database), cache);

    protected override IGroupStore Groups => new CachingGroupStore(new SqliteGroupStore(embedded.Database), cache);

    protected override IContactStore Contacts => new CachingContactStore(new SqliteContactStore(embedded.Database), cache);

    protected override IApplicationStore Applications => new SqliteApplicationStore(embedded.Database);

    public void Dispose() => cache.Dispose();
}
