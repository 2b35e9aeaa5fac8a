using ProfilePhotos.Storage.Blobs;
using ProfilePhotos.Storage.Sql;
using ProfilePhotos.Tests.Infrastructure;
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

[Trait(Tier.Name, Tier.Slow)]
public sealed class PostgresPhotoStoreContractTests(PostgresStore postgres) : SqlPhotoStoreContract(() => postgres.Database), IClassFixture<PostgresStore>;

[Trait(Tier.Name, Tier.Slow)]
public sealed class PostgresDirectoryStoreContractTests(PostgresStore postgres) : SqlDirectoryStoreContract(() => postgres.Database), IClassFixture<PostgresStore>;

[Trait(Tier.Name, Tier.Slow)]
public sealed class AzureBlobStoreContractTests : BlobStoreContract
{
    protected override async Task<IBlobStore> CreateStoreAsync() =>
        new AzureBlobStore((await AzuriteServer.GetAsync()).ConnectionString, $"test-{Guid.NewGuid():N}");
}

/// <summary>The blob contract through the relay the two-node tests put between a node and Azurite: it must change nothing.</summary>
[Trait(Tier.Name, Tier.Slow)]
public sealed class RelayedAzureBlobStoreContractTests : BlobStoreContract, IAsyncLifetime
{
    private BlobRelay relay = null!;

    public async Task InitializeAsync() => relay = await BlobRelay.StartAsync((await AzuriteServer.GetAsync()).ConnectionString);

    public async Task DisposeAsync() => await relay.DisposeAsync();

    protected override Task<IBlobStore> CreateStoreAsync() =>
        Task.FromResult<IBlobStore>(new AzureBlobStore(relay.ConnectionString, $"relayed-{Guid.NewGuid():N}"));

    [Fact]
    public async Task HeldDeletionsLandOnlyWhenReleased()
    {
        var store = await CreateStoreAsync();
        var (name, bytes) = NewBlob();
        await store.PutAsync(name, bytes, CancellationToken.None);
        relay.HoldDeletes();
        var deletion = store.DeleteAsync(name, CancellationToken.None);
        await relay.DeletionHeld.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(await store.ExistsAsync(name, CancellationToken.None), "a held deletion must not have landed");
        relay.ReleaseDeletes();
        await deletion;
        Assert.False(await store.ExistsAsync(name, CancellationToken.None));
    }
}
