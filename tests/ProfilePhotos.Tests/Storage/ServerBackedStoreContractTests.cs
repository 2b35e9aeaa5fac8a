using ProfilePhotos.Storage.Blobs;
using ProfilePhotos.Storage.Sql;
using ProfilePhotos.Tests.Infrastructure.Servers;

namespace ProfilePhotos.Tests.Storage;

/// <summary>A fresh PostgreSQL database with the service's schema, for one test class.</summary>
public sealed class PostgresStore : IAsyncLifetime
{
    public SqlDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = PostgresDialect.Open(await (await PostgresServer.GetAsync()).CreateDatabaseAsync());
        await SchemaMigrations.MigrateAsync(Database, CancellationToken.None);
        // A second migration, as a second node starting would run it, changes nothing.
        await SchemaMigrations.MigrateAsync(Database, CancellationToken.None);
    }

    public async Task DisposeAsync() => await Database.DisposeAsync();
}

public sealed class PostgresPhotoStoreContractTests(PostgresStore postgres) : SqlPhotoStoreContract(() => postgres.Database), IClassFixture<PostgresStore>;

public sealed class PostgresDirectoryStoreContractTests(PostgresStore postgres) : SqlDirectoryStoreContract(() => postgres.Database), IClassFixture<PostgresStore>;

public sealed class AzureBlobStoreContractTests : BlobStoreContract
{
    protected override async Task<IBlobStore> CreateStoreAsync() =>
        new AzureBlobStore((await AzuriteServer.GetAsync()).ConnectionString, $"test-{Guid.NewGuid():N}");
}
