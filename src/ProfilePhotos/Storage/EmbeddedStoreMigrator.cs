using System.Security.Cryptography;
using ProfilePhotos.Identity;
using ProfilePhotos.Storage.Blobs;
using ProfilePhotos.Storage.Sql;

namespace ProfilePhotos.Storage;

/// <summary>
/// Copies an embedded store (SQLite and files in a data directory) into the configured shared
/// database and blob store, then verifies the copy: every row, every photo record, and every
/// blob's bytes. Rows already present are left alone, so a copy that was interrupted can simply
/// be run again. Both sides are read and written through their dialects, as the stores do.
/// </summary>
public sealed partial class EmbeddedStoreMigrator(SqlDatabase target, IBlobStore targetBlobs, ILogger<EmbeddedStoreMigrator> logger)
{
    private enum Kind
    {
        Text,
        Uuid,
        Flag,
        Number,
        Time,
    }

    /// <summary>Tables in an order that satisfies their references, with the kind of each column.</summary>
    private static readonly (string Table, string Key, (string Column, Kind Kind)[] Columns)[] Tables =
    [
        ("applications", "client_id", [("client_id", Kind.Text), ("tenant_id", Kind.Uuid), ("secret_sha256", Kind.Text), ("permissions", Kind.Text), ("created_at", Kind.Time)]),
        ("users", "id", [("id", Kind.Uuid), ("tenant_id", Kind.Uuid), ("user_principal_name", Kind.Text), ("upn_key", Kind.Text), ("display_name", Kind.Text),
            ("mail_nickname", Kind.Text), ("given_name", Kind.Text), ("surname", Kind.Text), ("job_title", Kind.Text), ("mail", Kind.Text),
            ("account_enabled", Kind.Flag), ("password_hash", Kind.Text), ("created_at", Kind.Time)]),
        ("groups", "id", [("id", Kind.Uuid), ("tenant_id", Kind.Uuid), ("display_name", Kind.Text), ("description", Kind.Text), ("mail_nickname", Kind.Text),
            ("mail_enabled", Kind.Flag), ("security_enabled", Kind.Flag), ("group_types", Kind.Text), ("created_at", Kind.Time)]),
        ("group_links", "group_id, kind, user_id", [("group_id", Kind.Uuid), ("kind", Kind.Text), ("user_id", Kind.Uuid)]),
        ("contact_folders", "id", [("id", Kind.Uuid), ("tenant_id", Kind.Uuid), ("mailbox_id", Kind.Uuid), ("parent_id", Kind.Uuid), ("display_name", Kind.Text)]),
        ("contacts", "id", [("id", Kind.Uuid), ("tenant_id", Kind.Uuid), ("mailbox_id", Kind.Uuid), ("folder_id", Kind.Uuid), ("display_name", Kind.Text),
            ("given_name", Kind.Text), ("surname", Kind.Text), ("email_addresses", Kind.Text), ("created_at", Kind.Time), ("modified_at", Kind.Time)]),
        ("photos", "owner_id", [("owner_id", Kind.Uuid), ("tenant_id", Kind.Uuid), ("owner_kind", Kind.Text), ("etag", Kind.Text), ("width", Kind.Number),
            ("height", Kind.Number), ("updated_at", Kind.Time)]),
        ("photo_renditions", "owner_id, size", [("owner_id", Kind.Uuid), ("size", Kind.Number), ("blob", Kind.Text), ("length", Kind.Number)]),
    ];

    public async Task<bool> RunAsync(string sourceDirectory, CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(sourceDirectory, SqliteDialect.FileName)))
        {
            throw new InvalidOperationException($"There is no embedded store in {Path.GetFullPath(sourceDirectory)} (no {SqliteDialect.FileName}).");
        }

        await using var source = SqliteDialect.Open(sourceDirectory);
        await SchemaMigrations.MigrateAsync(source, cancellationToken);
        await SchemaMigrations.MigrateAsync(target, cancellationToken);
        await using var from = await source.OpenAsync(cancellationToken);
        await using var to = await target.OpenAsync(cancellationToken);

        foreach (var (table, key, columns) in Tables)
        {
            var rows = await ReadRowsAsync(from, table, columns, cancellationToken);
            // Folders reference their parent folder: insert parents first.
            rows = table == "contact_folders" ? ParentsFirst(rows) : rows;
            var copied = 0;
            foreach (var row in rows)
            {
                copied += await to.ExecuteAsync(
                    $"INSERT INTO {table} ({string.Join(", ", columns.Select(c => c.Column))}) VALUES ({string.Join(", ", columns.Select(c => "@" + c.Column))}) ON CONFLICT ({key}) DO NOTHING",
                    cancellationToken, Parameters(columns, row));
            }

            LogTable(logger, table, rows.Count, copied);
        }

        await CopySigningKeyAsync(sourceDirectory, cancellationToken);
        var sourceBlobs = new FileBlobStore(sourceDirectory);
        var blobsCopied = await CopyBlobsAsync(from, sourceBlobs, cancellationToken);
        LogBlobs(logger, blobsCopied);
        return await VerifyAsync(from, to, sourceBlobs, cancellationToken);
    }

    private static Task<List<object?[]>> ReadRowsAsync(SqlSession from, string table, (string Column, Kind Kind)[] columns, CancellationToken cancellationToken) =>
        from.ListAsync($"SELECT {string.Join(", ", columns.Select(c => c.Column))} FROM {table}", r => columns.Select(c => Read(r, c.Column, c.Kind)).ToArray(), cancellationToken);

    /// <summary>A column as its CLR value; times to whole microseconds, PostgreSQL's precision, so the copy compares equal.</summary>
    private static object? Read(SqlRow row, string column, Kind kind) => row.IsNull(column) ? null : kind switch
    {
        Kind.Uuid => row.Guid(column),
        Kind.Flag => row.Flag(column),
        Kind.Number => Narrow(row.Long(column)),
        Kind.Time => new DateTimeOffset(row.Time(column).UtcTicks / 10 * 10, TimeSpan.Zero),
        _ => row.Text(column),
    };

    /// <summary>An int where it fits, so that it compares with PostgreSQL's integer columns as it was stored.</summary>
    private static object Narrow(long value) => value is >= int.MinValue and <= int.MaxValue ? (int)value : value;

    private static (string Name, object? Value)[] Parameters((string Column, Kind Kind)[] columns, object?[] row) =>
        columns.Select((c, i) => (c.Column, row[i])).ToArray();

    private static List<object?[]> ParentsFirst(List<object?[]> folders)
    {
        var ordered = new List<object?[]>();
        var placed = new HashSet<object>();
        var pending = folders;
        while (pending.Count > 0)
        {
            var ready = pending.Where(f => f[3] is null || placed.Contains(f[3]!)).ToList();
            if (ready.Count == 0)
            {
                throw new InvalidOperationException("Contact folders reference parents that do not exist.");
            }

            ordered.AddRange(ready);
            placed.UnionWith(ready.Select(f => f[0]!));
            pending = pending.Except(ready).ToList();
        }

        return ordered;
    }

    /// <summary>Tokens issued before the move stay valid after it: the embedded key becomes the shared one.</summary>
    private async Task CopySigningKeyAsync(string sourceDirectory, CancellationToken cancellationToken)
    {
        var keyFile = Path.Combine(sourceDirectory, SigningKeyFile.RelativePath);
        if (File.Exists(keyFile))
        {
            var pem = await File.ReadAllTextAsync(keyFile, cancellationToken);
            await new SqlSigningKey(target).LoadOrCreateAsync(() => pem, cancellationToken);
        }
    }

    private async Task<int> CopyBlobsAsync(SqlSession from, IBlobStore sourceBlobs, CancellationToken cancellationToken)
    {
        var copied = 0;
        foreach (var blob in await ReferencedBlobsAsync(from, cancellationToken))
        {
            var bytes = await ReadAsync(sourceBlobs, blob, cancellationToken)
                ?? throw new InvalidOperationException($"The source store references blob {blob}, which is missing from it.");
            await targetBlobs.PutAsync(blob, bytes, cancellationToken);
            copied++;
        }

        return copied;
    }

    private async Task<bool> VerifyAsync(SqlSession from, SqlSession to, IBlobStore sourceBlobs, CancellationToken cancellationToken)
    {
        var ok = true;
        foreach (var (table, _, columns) in Tables)
        {
            // Every source row must be in the target exactly as it was.
            foreach (var row in await ReadRowsAsync(from, table, columns, cancellationToken))
            {
                var where = string.Join(" AND ", columns.Select((c, i) => row[i] is null ? $"{c.Column} IS NULL" : $"{c.Column} = @{c.Column}"));
                if (!await to.ExistsAsync($"SELECT EXISTS (SELECT 1 FROM {table} WHERE {where})", cancellationToken, Parameters(columns, row).Where(p => p.Value is not null).ToArray()))
                {
                    LogMismatch(logger, table, string.Join(", ", row.Take(2)));
                    ok = false;
                }
            }
        }

        // Every referenced blob must be in the target with the source's bytes.
        foreach (var blob in await ReferencedBlobsAsync(from, cancellationToken))
        {
            var expected = await ReadAsync(sourceBlobs, blob, cancellationToken);
            var copied = await ReadAsync(targetBlobs, blob, cancellationToken);
            if (expected is null || copied is null || !CryptographicOperations.FixedTimeEquals(SHA256.HashData(expected), SHA256.HashData(copied)))
            {
                LogMismatch(logger, "blobs", blob.ToString());
                ok = false;
            }
        }

        return ok;
    }

    private static async Task<byte[]?> ReadAsync(IBlobStore blobs, BlobName blob, CancellationToken cancellationToken)
    {
        await using var stream = await blobs.OpenReadAsync(blob, cancellationToken);
        if (stream is null)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    private static Task<List<BlobName>> ReferencedBlobsAsync(SqlSession from, CancellationToken cancellationToken) =>
        from.ListAsync("SELECT DISTINCT blob FROM photo_renditions ORDER BY blob", r => BlobName.Parse(r.Text("blob")), cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Table}: {Rows} rows in the source, {Copied} copied (the rest were there already).")]
    private static partial void LogTable(ILogger logger, string table, int rows, int copied);

    [LoggerMessage(Level = LogLevel.Information, Message = "Blobs: {Count} copied and their bytes checked.")]
    private static partial void LogBlobs(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Verification failed: {Table} {Key} is not in the target as it is in the source.")]
    private static partial void LogMismatch(ILogger logger, string table, string key);
}
