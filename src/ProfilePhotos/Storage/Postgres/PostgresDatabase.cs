using Npgsql;

namespace ProfilePhotos.Storage.Postgres;

/// <summary>The PostgreSQL data source of every Postgres store: one pool per process.</summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    public const string ConnectionStringName = "Postgres";

    public PostgresDatabase(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                "Storage:Metadata is Postgres but ConnectionStrings:Postgres (env ConnectionStrings__Postgres) is not set.");
        }

        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    public NpgsqlDataSource DataSource { get; }

    public ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) => DataSource.OpenConnectionAsync(cancellationToken);

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
