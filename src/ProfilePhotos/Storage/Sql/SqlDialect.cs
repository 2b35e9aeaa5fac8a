using System.Data.Common;

namespace ProfilePhotos.Storage.Sql;

/// <summary>
/// What one database does differently from the other, and nothing else: how values are stored
/// and read back, how a unique violation shows, how writers of one key are serialized, which row
/// lock holds a referenced row, and the schema. Every store writes its SQL once, for both.
/// </summary>
public abstract class SqlDialect
{
    /// <summary>The schema, one step per version; a new version appends and never edits an old step.</summary>
    public abstract IReadOnlyList<string> SchemaSteps { get; }

    /// <summary>Appended to a SELECT inside a write transaction: holds the rows read until commit.</summary>
    public abstract string HoldRows { get; }

    /// <summary>Appended to a SELECT of rows this transaction is about to change: other writers of them wait.</summary>
    public abstract string LockRows { get; }

    /// <summary>A CLR value as this database stores it (GUIDs, times and flags differ).</summary>
    public abstract object ToDb(object? value);

    public abstract Guid ReadGuid(DbDataReader reader, int ordinal);

    public abstract DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    public abstract bool ReadFlag(DbDataReader reader, int ordinal);

    public abstract bool IsUniqueViolation(DbException exception);

    /// <summary>Run once on a fresh connection before migrating (SQLite's journal mode).</summary>
    public virtual Task PrepareAsync(SqlSession sql, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Within the transaction that <paramref name="sql"/> has begun, waits until no other writer
    /// of <paramref name="key"/> (on any node) is in a transaction, and holds that until commit.
    /// </summary>
    public abstract Task LockAsync(SqlSession sql, string key, CancellationToken cancellationToken);

    /// <summary>Within the migration's transaction: locks the schema against other migrators and reads its version.</summary>
    public abstract Task<int> LockSchemaAsync(SqlSession sql, CancellationToken cancellationToken);

    public abstract Task SetSchemaVersionAsync(SqlSession sql, int version, CancellationToken cancellationToken);
}
