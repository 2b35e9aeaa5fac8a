using ProfilePhotos.Storage.Blobs;
using ProfilePhotos.Storage.Sql;
using ProfilePhotos.Tests.Infrastructure;

namespace ProfilePhotos.Tests.Storage;

/// <summary>The embedded backends (SQLite and files in a data directory) under the storage contracts.</summary>
public sealed class EmbeddedStore : IAsyncLifetime
{
    private readonly ScratchDirectory scratch = new();

    public string Directory => scratch.Path;

    public SqlDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = SqliteDialect.Open(Directory);
        await SchemaMigrations.MigrateAsync(Database, CancellationToken.None);
        // A second migration, as a second process starting would run it, changes nothing.
        await SchemaMigrations.MigrateAsync(Database, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await Database.DisposeAsync();
        scratch.Dispose();
    }
}

public sealed class FileBlobStoreContractTests(EmbeddedStore embedded) : BlobStoreContract, IClassFixture<EmbeddedStore>
{
    protected override Task<IBlobStore> CreateStoreAsync() =>
        Task.FromResult<IBlobStore>(new FileBlobStore(Path.Combine(embedded.Directory, Guid.NewGuid().ToString("N"))));
}

public sealed class SqlitePhotoStoreContractTests(EmbeddedStore embedded) : SqlPhotoStoreContract(() => embedded.Database), IClassFixture<EmbeddedStore>;

public sealed class SqliteDirectoryStoreContractTests(EmbeddedStore embedded) : SqlDirectoryStoreContract(() => embedded.Database), IClassFixture<EmbeddedStore>;

/// <summary>The same contracts through the record cache the service puts in front of SQLite: caching must change no answer.</summary>
public sealed class CachedSqlitePhotoStoreContractTests(EmbeddedStore embedded) : SqlPhotoStoreContract(() => embedded.Database, cachedRecords: 1000), IClassFixture<EmbeddedStore>;

/// <inheritdoc cref="CachedSqlitePhotoStoreContractTests"/>
public sealed class CachedSqliteDirectoryStoreContractTests(EmbeddedStore embedded) : SqlDirectoryStoreContract(() => embedded.Database, cachedRecords: 1000), IClassFixture<EmbeddedStore>;
