using System.Data.Common;
using Npgsql;

namespace ProfilePhotos.Storage.Sql;

/// <summary>PostgreSQL, shared by any number of nodes: native uuid, timestamptz and boolean; advisory locks.</summary>
public sealed class PostgresDialect : SqlDialect
{
    public const string ConnectionStringName = "Postgres";

    /// <summary>An arbitrary constant that names this schema's migration lock (kept: older nodes take the same one).</summary>
    private const long SchemaLock = 0x50524F46494C45;

    public static SqlDatabase Open(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return new SqlDatabase(NpgsqlDataSource.Create(connectionString), new PostgresDialect(), $"{builder.Database} on {builder.Host}");
    }

    public override IReadOnlyList<string> SchemaSteps => PostgresSchema.Steps;

    /// <summary>A concurrent delete of the row waits for this transaction, then cascades.</summary>
    public override string HoldRows => " FOR KEY SHARE";

    public override string LockRows => " FOR UPDATE";

    public override object ToDb(object? value) => value switch
    {
        null => DBNull.Value,
        DateTimeOffset t => t.UtcDateTime,
        _ => value,
    };

    public override Guid ReadGuid(DbDataReader reader, int ordinal) => reader.GetGuid(ordinal);

    public override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        new(DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc));

    public override bool ReadFlag(DbDataReader reader, int ordinal) => reader.GetBoolean(ordinal);

    public override bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <summary>A transaction-scoped advisory lock on the key's hash: released by commit or rollback, on any node.</summary>
    public override async Task LockAsync(SqlSession sql, string key, CancellationToken cancellationToken) =>
        await sql.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))", cancellationToken, ("key", key));

    public override async Task<int> LockSchemaAsync(SqlSession sql, CancellationToken cancellationToken)
    {
        await sql.ExecuteAsync("SELECT pg_advisory_xact_lock(@lock)", cancellationToken, ("lock", SchemaLock));
        await sql.ExecuteAsync("CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)", cancellationToken);
        return await sql.ScalarAsync("SELECT max(version) FROM schema_version", cancellationToken) is int version ? version : 0;
    }

    public override async Task SetSchemaVersionAsync(SqlSession sql, int version, CancellationToken cancellationToken) =>
        await sql.ExecuteAsync("INSERT INTO schema_version (version) VALUES (@version)", cancellationToken, ("version", version));
}
