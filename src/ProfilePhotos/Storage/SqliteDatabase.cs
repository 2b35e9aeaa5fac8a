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

    /// <summary>
    /// A pooled connection. Nothing is run on open: it would be paid on every request. Waiting
    /// for locks comes from DefaultTimeout (Microsoft.Data.Sqlite retries SQLITE_BUSY for that
    /// long), and synchronous stays at SQLite's default FULL, durable even across power loss.
    /// </summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
