using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using ProfilePhotos.Hosting;
using ProfilePhotos.Identity;
using ProfilePhotos.Photos;
using ProfilePhotos.Principals.Contacts;
using ProfilePhotos.Principals.Groups;
using ProfilePhotos.Principals.Users;
using ProfilePhotos.Storage.Blobs;
using ProfilePhotos.Storage.Caching;
using ProfilePhotos.Storage.Postgres;

namespace ProfilePhotos.Storage;

public static class StorageFeature
{
    /// <summary>
    /// Every store behind its interface, on the backend configuration names: SQLite and files in
    /// the data directory by default, PostgreSQL (<c>Storage:Metadata=Postgres</c>) and Azure Blob
    /// Storage (<c>Storage:Blobs=AzureBlob</c>) for several nodes. Endpoints never know which.
    /// </summary>
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataDirectory), "Storage:DataDirectory must name a directory.")
            .Validate(o => o.SweepInterval > TimeSpan.Zero && o.SweepGracePeriod >= TimeSpan.Zero, "Storage:SweepInterval must be positive and Storage:SweepGracePeriod not negative.")
            .Validate(o => o.CachedRecords >= 0, "Storage:CachedRecords must not be negative (0 turns the cache off).")
            .ValidateOnStart();
        services.AddSingleton<SqliteDatabase>();
        services.AddSingleton<PostgresDatabase>();
        services.AddSingleton<RecordCache>();
        services.AddMetadataStore<IUserStore, SqliteUserStore, PostgresUserStore>(static (store, cache) => new CachingUserStore(store, cache));
        services.AddMetadataStore<IGroupStore, SqliteGroupStore, PostgresGroupStore>(static (store, cache) => new CachingGroupStore(store, cache));
        services.AddMetadataStore<IContactStore, SqliteContactStore, PostgresContactStore>(static (store, cache) => new CachingContactStore(store, cache));
        services.AddMetadataStore<IApplicationStore, SqliteApplicationStore, PostgresApplicationStore>();
        services.AddMetadataStore<IPhotoStore, SqlitePhotoStore, PostgresPhotoStore>(static (store, cache) => new CachingPhotoStore(store, cache));
        services.AddSingleton<FileBlobStore>();
        services.AddSingleton<AzureBlobStore>();
        services.AddSingleton<IBlobStore>(provider => Options(provider).Blobs == BlobBackend.AzureBlob
            ? provider.GetRequiredService<AzureBlobStore>()
            : provider.GetRequiredService<FileBlobStore>());
        services.AddSingleton<EmbeddedStoreMigrator>();
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store");
        return services;
    }

    /// <summary>True when one process owns all the data: nothing else can be writing blobs meanwhile.</summary>
    public static bool IsEmbedded(this StorageOptions options) =>
        options.Metadata == MetadataBackend.Sqlite && options.Blobs == BlobBackend.Files;

    /// <summary>Opens and migrates the store before the server listens, so /healthz is 200 only on an open store.</summary>
    public static Task InitializeStoreAsync(this WebApplication app, CancellationToken cancellationToken) =>
        Options(app.Services).Metadata == MetadataBackend.Postgres
            ? PostgresMigrations.MigrateAsync(app.Services.GetRequiredService<PostgresDatabase>(), cancellationToken)
            : SqliteMigrations.MigrateAsync(app.Services.GetRequiredService<SqliteDatabase>(), cancellationToken);

    /// <summary>The store of the configured backend; for the embedded one, behind the record cache when there is one.</summary>
    private static void AddMetadataStore<TStore, TSqlite, TPostgres>(this IServiceCollection services, Func<TStore, RecordCache, TStore>? cached = null)
        where TStore : class
        where TSqlite : class, TStore
        where TPostgres : class, TStore
    {
        services.AddSingleton<TSqlite>();
        services.AddSingleton<TPostgres>();
        services.AddSingleton<TStore>(provider =>
        {
            if (Options(provider).Metadata == MetadataBackend.Postgres)
            {
                return provider.GetRequiredService<TPostgres>();
            }

            var store = provider.GetRequiredService<TSqlite>();
            var cache = provider.GetRequiredService<RecordCache>();
            return cached is not null && cache.Enabled ? cached(store, cache) : store;
        });
    }

    private static StorageOptions Options(IServiceProvider provider) => provider.GetRequiredService<IOptions<StorageOptions>>().Value;

    private sealed class StoreHealthCheck(IServiceProvider provider) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                if (Options(provider).Metadata == MetadataBackend.Postgres)
                {
                    await using var connection = await provider.GetRequiredService<PostgresDatabase>().OpenAsync(cancellationToken);
                    await connection.Command("SELECT 1").ExecuteScalarAsync(cancellationToken);
                }
                else
                {
                    await using var connection = await provider.GetRequiredService<SqliteDatabase>().OpenAsync(cancellationToken);
                    await using var command = connection.Command("SELECT 1");
                    await command.ExecuteScalarAsync(cancellationToken);
                }

                return HealthCheckResult.Healthy();
            }
            catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or Npgsql.NpgsqlException or IOException or TimeoutException)
            {
                return HealthCheckResult.Unhealthy("The store cannot be reached.", ex);
            }
        }
    }
}
