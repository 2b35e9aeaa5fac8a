using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace ProfilePhotos.Storage.Sql;

/// <summary>
/// SQLite in the data directory. Values keep the formats existing databases hold: GUIDs as
/// <c>D</c> text, times as round-trip UTC text, flags as 0 or 1.
/// </summary>
public sealed class SqliteDialect : SqlDialect
{
    public const string FileName = "profilephotos.db";

    /// <summary>The embedded database of a data directory (created when missing).</summary>
    public static SqlDatabase Open(string dataDirectory)
    {
        var directory = Path.GetFullPath(dataDirectory);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            // Writers wait for each other instead of surfacing SQLITE_BUSY to clients.
            DefaultTimeout = 30,
            ForeignKeys = true,
        }.ToString();
        // Nothing runs on open: it would be paid on every request. synchronous stays at SQLite's
        // default FULL, durable even across power loss.
        return new SqlDatabase(SqliteFactory.Instance.CreateDataSource(connectionString), new SqliteDialect(), path);
    }

    public override IReadOnlyList<string> SchemaSteps => SqliteSchema.Steps;

    public override string HoldRows => "";

    public override string LockRows => "";

    public override object ToDb(object? value) => value switch
    {
        null => DBNull.Value,
        Guid g => g.ToString("D"),
        DateTimeOffset t => t.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        bool b => b ? 1 : 0,
        _ => value,
    };

    public override Guid ReadGuid(DbDataReader reader, int ordinal) => Guid.Parse(reader.GetString(ordinal));

    public override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        DateTimeOffset.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public override bool ReadFlag(DbDataReader reader, int ordinal) => reader.GetInt64(ordinal) != 0;

    /// <summary>SQLITE_CONSTRAINT_UNIQUE (2067) and SQLITE_CONSTRAINT_PRIMARYKEY (1555).</summary>
    public override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteExtendedErrorCode: 2067 or 1555 };

    public override async Task PrepareAsync(SqlSession sql, CancellationToken cancellationToken) =>
        await sql.ScalarAsync("PRAGMA journal_mode = WAL;", cancellationToken);

    /// <summary>
    /// Nothing to take: the transaction began with <c>BEGIN IMMEDIATE</c>, which already keeps
    /// every other writer of the database out until commit.
    /// </summary>
    public override Task LockAsync(SqlSession sql, string key, CancellationToken cancellationToken) => Task.CompletedTask;

    public override async Task<int> LockSchemaAsync(SqlSession sql, CancellationToken cancellationToken) =>
        Convert.ToInt32(await sql.ScalarAsync("PRAGMA user_version;", cancellationToken), CultureInfo.InvariantCulture);

    public override async Task SetSchemaVersionAsync(SqlSession sql, int version, CancellationToken cancellationToken) =>
        await sql.ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"PRAGMA user_version = {version};"), cancellationToken);
}
