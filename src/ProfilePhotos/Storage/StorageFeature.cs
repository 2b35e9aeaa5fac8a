using System.Data.Common;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using ProfilePhotos.Hosting;
using ProfilePhotos.Identity;
using ProfilePhotos.Storage.Blobs;
using ProfilePhotos.Storage.Caching;
using ProfilePhotos.Storage.Sql;

namespace ProfilePhotos.Storage;

public static class StorageFeature
{
    /// <summary>
    /// Every store behind its interface, on the backends configuration names: SQLite and files in
    /// the data directory by default, PostgreSQL (<c>Storage:Metadata=Postgres</c>) and Azure Blob
    /// Storage (<c>Storage:Blobs=AzureBlob</c>) for several nodes. This is the one place that
    /// knows which; stores know only their <see cref="SqlDatabase"/>, endpoints only interfaces.
    /// </summary>
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataDirectory), "Storage:DataDirectory must name a directory.")
            .Validate(o => o.SweepInterval > TimeSpan.Zero && o.SweepGracePeriod >= TimeSpan.Zero, "Storage:SweepInterval must be positive and Storage:SweepGracePeriod not negative.")
            .Validate(o => o.CachedRecords >= 0, "Storage:CachedRecords must not be negative (0 turns the cache off).")
            .Validate<IConfiguration>(
                (o, configuration) => o.Metadata != MetadataBackend.Postgres || HasConnectionString(configuration, PostgresDialect.ConnectionStringName),
                $"Storage:Metadata is Postgres but ConnectionStrings:{PostgresDialect.ConnectionStringName} (env ConnectionStrings__{PostgresDialect.ConnectionStringName}) is not set.")
            .Validate<IConfiguration>(
                (o, configuration) => o.Blobs != BlobBackend.AzureBlob || HasConnectionString(configuration, AzureBlobStore.ConnectionStringName),
                $"Storage:Blobs is AzureBlob but ConnectionStrings:{AzureBlobStore.ConnectionStringName} (env ConnectionStrings__{AzureBlobStore.ConnectionStringName}) is not set; UseDevelopmentStorage=true selects a local Azurite.")
            .ValidateOnStart();
        services.AddSingleton(provider => OpenMetadata(Options(provider), provider.GetRequiredService<IConfiguration>()));
        services.AddSingleton(provider => OpenBlobs(Options(provider), provider.GetRequiredService<IConfiguration>()));
        // Only the embedded store may remember records: with a shared database, other nodes write too.
        services.AddSingleton(provider => new RecordCache(Options(provider).IsEmbeddedMetadata() ? Options(provider).CachedRecords : 0));
        services.AddSingleton<MetadataStores>();
        services.AddSingleton(static provider => provider.GetRequiredService<MetadataStores>().Users);
        services.AddSingleton(static provider => provider.GetRequiredService<MetadataStores>().Groups);
        services.AddSingleton(static provider => provider.GetRequiredService<MetadataStores>().Contacts);
        services.AddSingleton(static provider => provider.GetRequiredService<MetadataStores>().Photos);
        services.AddSingleton(static provider => provider.GetRequiredService<MetadataStores>().Applications);
        services.AddSingleton(static provider => provider.GetRequiredService<MetadataStores>().Grants);
        services.AddSingleton<IPersistedSigningKey>(provider => Options(provider).IsEmbeddedMetadata()
            ? new SigningKeyFile(Path.Combine(Options(provider).FullDataDirectory, SigningKeyFile.RelativePath))
            : new SqlSigningKey(provider.GetRequiredService<SqlDatabase>()));
        services.AddSingleton<EmbeddedStoreMigrator>();
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store");
        return services;
    }

    /// <summary>True when one process owns all the data: nothing else can be writing blobs meanwhile.</summary>
    public static bool IsEmbedded(this StorageOptions options) =>
        options.Metadata == MetadataBackend.Sqlite && options.Blobs == BlobBackend.Files;

    public static bool IsEmbeddedMetadata(this StorageOptions options) => options.Metadata == MetadataBackend.Sqlite;

    /// <summary>Opens and migrates the store before the server listens, so /healthz is 200 only on an open store.</summary>
    public static Task InitializeStoreAsync(this WebApplication app, CancellationToken cancellationToken) =>
        SchemaMigrations.MigrateAsync(app.Services.GetRequiredService<SqlDatabase>(), cancellationToken);

    /// <summary>The metadata database the settings name (checked at start: see the validation above).</summary>
    public static SqlDatabase OpenMetadata(StorageOptions options, IConfiguration configuration) => options.Metadata switch
    {
        MetadataBackend.Postgres => PostgresDialect.Open(configuration.GetConnectionString(PostgresDialect.ConnectionStringName)!),
        _ => SqliteDialect.Open(options.FullDataDirectory),
    };

    /// <summary>The blob store the settings name.</summary>
    public static IBlobStore OpenBlobs(StorageOptions options, IConfiguration configuration) => options.Blobs switch
    {
        BlobBackend.AzureBlob => new AzureBlobStore(configuration.GetConnectionString(AzureBlobStore.ConnectionStringName)!, options.BlobContainer),
        _ => new FileBlobStore(options.FullDataDirectory),
    };

    private static bool HasConnectionString(IConfiguration configuration, string name) =>
        !string.IsNullOrWhiteSpace(configuration.GetConnectionString(name));

    private static StorageOptions Options(IServiceProvider provider) => provider.GetRequiredService<IOptions<StorageOptions>>().Value;

    private sealed class StoreHealthCheck(SqlDatabase database) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await using var sql = await database.OpenAsync(cancellationToken);
                await sql.ScalarAsync("SELECT 1", cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception ex) when (ex is DbException or IOException or TimeoutException or InvalidOperationException)
            {
                return HealthCheckResult.Unhealthy("The store cannot be reached.", ex);
            }
        }
    }
}
