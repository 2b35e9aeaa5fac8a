using Microsoft.Extensions.Diagnostics.HealthChecks;
using ProfilePhotos.Hosting;
using ProfilePhotos.Identity;
using ProfilePhotos.Principals.Contacts;
using ProfilePhotos.Principals.Groups;
using ProfilePhotos.Principals.Users;

namespace ProfilePhotos.Storage;

public static class StorageFeature
{
    /// <summary>The embedded store: SQLite in the data directory, behind the stores' interfaces.</summary>
    public static IServiceCollection AddEmbeddedStore(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataDirectory), "Storage:DataDirectory must name a directory.")
            .ValidateOnStart();
        services.AddSingleton<SqliteDatabase>();
        services.AddSingleton<IUserStore, SqliteUserStore>();
        services.AddSingleton<IGroupStore, SqliteGroupStore>();
        services.AddSingleton<IContactStore, SqliteContactStore>();
        services.AddSingleton<IApplicationStore, SqliteApplicationStore>();
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store");
        return services;
    }

    /// <summary>Opens and migrates the store before the server listens, so /healthz is 200 only on an open store.</summary>
    public static Task InitializeStoreAsync(this WebApplication app, CancellationToken cancellationToken) =>
        SqliteMigrations.MigrateAsync(app.Services.GetRequiredService<SqliteDatabase>(), cancellationToken);

    private sealed class StoreHealthCheck(SqliteDatabase database) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await using var connection = await database.OpenAsync(cancellationToken);
                await using var command = connection.Command("SELECT 1");
                await command.ExecuteScalarAsync(cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or IOException)
            {
                return HealthCheckResult.Unhealthy("The store cannot be opened.", ex);
            }
        }
    }
}
