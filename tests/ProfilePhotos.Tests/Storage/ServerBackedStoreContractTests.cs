using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using ProfilePhotos.Hosting;
using ProfilePhotos.Identity;
using ProfilePhotos.Photos;
using ProfilePhotos.Principals.Contacts;
using ProfilePhotos.Principals.Groups;
using ProfilePhotos.Principals.Users;
using ProfilePhotos.Storage.Blobs;
using ProfilePhotos.Storage.Postgres;
using ProfilePhotos.Tests.Infrastructure.Servers;

namespace ProfilePhotos.Tests.Storage;

/// <summary>A fresh PostgreSQL database with the service's schema, for one test class.</summary>
public sealed class PostgresStore : IAsyncLifetime
{
    public PostgresDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var server = await PostgresServer.GetAsync();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = await server.CreateDatabaseAsync() })
            .Build();
        Database = new PostgresDatabase(configuration);
        await PostgresMigrations.MigrateAsync(Database, CancellationToken.None);
        // A second migration, as a second node starting would run it, changes nothing.
        await PostgresMigrations.MigrateAsync(Database, CancellationToken.None);
    }

    public async Task DisposeAsync() => await Database.DisposeAsync();
}

public sealed class PostgresPhotoStoreContractTests(PostgresStore postgres) : PhotoStoreContract, IClassFixture<PostgresStore>
{
    protected override Task<IPhotoStore> CreateStoreAsync() => Task.FromResult<IPhotoStore>(new PostgresPhotoStore(postgres.Database));

    protected override async Task<Guid> CreateUserAsync(Guid tenantId)
    {
        var user = new UserRecord(Guid.NewGuid(), tenantId, $"u{Guid.NewGuid():N}@contoso.com", "U", null, null, null, null, null, true, DateTimeOffset.UtcNow);
        await new PostgresUserStore(postgres.Database).CreateAsync(user, "not-a-real-hash", CancellationToken.None);
        return user.Id;
    }
}

public sealed class PostgresDirectoryStoreContractTests(PostgresStore postgres) : DirectoryStoreContract, IClassFixture<PostgresStore>
{
    protected override IUserStore Users => new PostgresUserStore(postgres.Database);

    protected override IGroupStore Groups => new PostgresGroupStore(postgres.Database);

    protected override IContactStore Contacts => new PostgresContactStore(postgres.Database);

    protected override IApplicationStore Applications => new PostgresApplicationStore(postgres.Database);
}

public sealed class AzureBlobStoreContractTests : BlobStoreContract
{
    protected override async Task<IBlobStore> CreateStoreAsync()
    {
        var azurite = await AzuriteServer.GetAsync();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:AzureBlob"] = azurite.ConnectionString })
            .Build();
        return new AzureBlobStore(configuration, Options.Create(new StorageOptions { BlobContainer = $"test-{Guid.NewGuid():N}" }));
    }
}
