using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using ProfilePhotos.Hosting;

namespace ProfilePhotos.Storage;

/// <summary>
/// The embedded store's database file. Hands out open connections with the pragmas every
/// connection needs; the schema is created and migrated by <see cref="SqliteMigrations"/>.
/// </summary>
public sealed class SqliteDatabase
{
    private readonly string connectionString;

    public SqliteDatabase(IOptions<StorageOptions> options)
    {
        var directory = options.Value.FullDataDirectory;
        Directory.CreateDirectory(directory);
        Path = System.IO.Path.Combine(directory, "profilephotos.db");
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            // Writers wait for each other instead of surfacing SQLITE_BUSY to clients.
            DefaultTimeout = 30,
            ForeignKeys = true,
        }.ToString();
    }

    public string Path { get; }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        using var pragma = connection.CreateCommand();
        // busy_timeout makes SQLite itself wait for a lock (in milliseconds); synchronous=NORMAL
        // is durable across process crashes in WAL mode, which is what the store promises.
        pragma.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }
}
