using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;
using ProfilePhotos.Hosting;
using ProfilePhotos.Storage.Blobs;
using ProfilePhotos.Storage.Postgres;

namespace ProfilePhotos.Storage;

/// <summary>
/// Copies an embedded store (SQLite and files in a data directory) into the configured
/// PostgreSQL database and blob store, then verifies the copy: every row, every photo record,
/// and every blob's bytes by their hash. Rows already present are left alone, so a copy that was
/// interrupted can simply be run again.
/// </summary>
public sealed partial class EmbeddedStoreMigrator(PostgresDatabase target, IBlobStore targetBlobs, ILogger<EmbeddedStoreMigrator> logger)
{
    /// <summary>Tables in an order that satisfies their references, with how each column converts.</summary>
    private static readonly (string Table, string Key, (string Column, Func<string, object> Convert)[] Columns)[] Tables =
    [
        ("applications", "client_id", [("client_id", Text), ("tenant_id", Uuid), ("secret_sha256", Text), ("permissions", Text), ("created_at", Time)]),
        ("users", "id", [("id", Uuid), ("tenant_id", Uuid), ("user_principal_name", Text), ("upn_key", Text), ("display_name", Text), ("mail_nickname", Text),
            ("given_name", Text), ("surname", Text), ("job_title", Text), ("mail", Text), ("account_enabled", Flag), ("password_hash", Text), ("created_at", Time)]),
        ("groups", "id", [("id", Uuid), ("tenant_id", Uuid), ("display_name", Text), ("description", Text), ("mail_nickname", Text), ("mail_enabled", Flag),
            ("security_enabled", Flag), ("group_types", Text), ("created_at", Time)]),
        ("group_links", "group_id, kind, user_id", [("group_id", Uuid), ("kind", Text), ("user_id", Uuid)]),
        ("contact_folders", "id", [("id", Uuid), ("tenant_id", Uuid), ("mailbox_id", Uuid), ("parent_id", Uuid), ("display_name", Text)]),
        ("contacts", "id", [("id", Uuid), ("tenant_id", Uuid), ("mailbox_id", Uuid), ("folder_id", Uuid), ("display_name", Text), ("given_name", Text),
            ("surname", Text), ("email_addresses", Text), ("created_at", Time), ("modified_at", Time)]),
        ("photos", "owner_id", [("owner_id", Uuid), ("tenant_id", Uuid), ("owner_kind", Text), ("etag", Text), ("width", Number), ("height", Number), ("updated_at", Time)]),
        ("photo_renditions", "owner_id, size", [("owner_id", Uuid), ("size", Number), ("blob", Text), ("length", Number)]),
    ];

    public async Task<bool> RunAsync(string sourceDirectory, CancellationToken cancellationToken)
    {
        var source = new SqliteDatabase(Options.Create(new StorageOptions { DataDirectory = sourceDirectory }));
        if (!File.Exists(source.Path))
        {
            throw new InvalidOperationException($"There is no embedded store in {Path.GetFullPath(sourceDirectory)} (no profilephotos.db).");
        }

        await SqliteMigrations.MigrateAsync(source, cancellationToken);
        await PostgresMigrations.MigrateAsync(target, cancellationToken);
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
                copied += await InsertAsync(to, table, key, columns, row, cancellationToken);
            }

            LogTable(logger, table, rows.Count, copied);
        }

        await CopySigningKeyAsync(sourceDirectory, to, cancellationToken);
        var blobsCopied = await CopyBlobsAsync(from, sourceDirectory, cancellationToken);
        LogBlobs(logger, blobsCopied);
        return await VerifyAsync(from, to, cancellationToken);
    }

    private static async Task<List<object?[]>> ReadRowsAsync(SqliteConnection from, string table, (string Column, Func<string, object> Convert)[] columns, CancellationToken cancellationToken)
    {
        await using var command = from.Command($"SELECT {string.Join(", ", columns.Select(c => c.Column))} FROM {table}");
        return await command.ReadAllAsync(reader => columns.Select((c, i) => reader.IsDBNull(i) ? null : c.Convert(Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)!)).ToArray(), cancellationToken);
    }

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

    private static async Task<int> InsertAsync(
        NpgsqlConnection to, string table, string key, (string Column, Func<string, object> Convert)[] columns, object?[] row, CancellationToken cancellationToken)
    {
        var names = columns.Select(c => c.Column).ToList();
        await using var command = to.Command(
            $"INSERT INTO {table} ({string.Join(", ", names)}) VALUES ({string.Join(", ", names.Select(n => "@" + n))}) ON CONFLICT ({key}) DO NOTHING",
            names.Select((n, i) => (n, row[i])).ToArray());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Tokens issued before the move stay valid after it: the embedded key becomes the shared one.</summary>
    private static async Task CopySigningKeyAsync(string sourceDirectory, NpgsqlConnection to, CancellationToken cancellationToken)
    {
        var keyFile = Path.Combine(sourceDirectory, "keys", "signing-key.pem");
        if (File.Exists(keyFile))
        {
            await using var command = to.Command(
                "INSERT INTO signing_keys (kid, pem, created_at) SELECT 'embedded', @pem, now() WHERE NOT EXISTS (SELECT 1 FROM signing_keys)",
                ("pem", await File.ReadAllTextAsync(keyFile, cancellationToken)));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task<int> CopyBlobsAsync(SqliteConnection from, string sourceDirectory, CancellationToken cancellationToken)
    {
        var sourceBlobs = new FileBlobStore(Options.Create(new StorageOptions { DataDirectory = sourceDirectory }), TimeProvider.System);
        var copied = 0;
        foreach (var blob in await ReferencedBlobsAsync(from, cancellationToken))
        {
            await using var stream = await sourceBlobs.OpenReadAsync(blob, cancellationToken)
                ?? throw new InvalidOperationException($"The source store references blob {blob}, which is missing from it.");
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken);
            if (Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray())) != blob)
            {
                throw new InvalidOperationException($"The source blob {blob} does not hash to its name: the source is damaged.");
            }

            await targetBlobs.PutAsync(blob, buffer.ToArray(), cancellationToken);
            copied++;
        }

        return copied;
    }

    private async Task<bool> VerifyAsync(SqliteConnection from, NpgsqlConnection to, CancellationToken cancellationToken)
    {
        var ok = true;
        foreach (var (table, _, columns) in Tables)
        {
            // Every source row must be in the target exactly as it was.
            foreach (var row in await ReadRowsAsync(from, table, columns, cancellationToken))
            {
                var where = string.Join(" AND ", columns.Select((c, i) => row[i] is null ? $"{c.Column} IS NULL" : $"{c.Column} = @{c.Column}"));
                await using var command = to.Command(
                    $"SELECT EXISTS (SELECT 1 FROM {table} WHERE {where})",
                    columns.Select((c, i) => (c.Column, row[i])).Where(p => p.Item2 is not null).ToArray());
                if (!await command.ExistsAsync(cancellationToken))
                {
                    LogMismatch(logger, table, string.Join(", ", row.Take(2)));
                    ok = false;
                }
            }
        }

        foreach (var blob in await ReferencedBlobsAsync(from, cancellationToken))
        {
            await using var stream = await targetBlobs.OpenReadAsync(blob, cancellationToken);
            var hash = stream is null ? null : Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
            if (hash != blob)
            {
                LogMismatch(logger, "blobs", blob);
                ok = false;
            }
        }

        return ok;
    }

    private static async Task<List<string>> ReferencedBlobsAsync(SqliteConnection from, CancellationToken cancellationToken)
    {
        await using var command = from.Command("SELECT DISTINCT blob FROM photo_renditions ORDER BY blob");
        return await command.ReadAllAsync(r => r.GetString(0), cancellationToken);
    }

    private static object Text(string value) => value;

    private static object Uuid(string value) => Guid.Parse(value);

    private static object Flag(string value) => value != "0";

    private static object Number(string value) => long.Parse(value, CultureInfo.InvariantCulture) is var n && n is >= int.MinValue and <= int.MaxValue ? (object)(int)n : n;

    /// <summary>To whole microseconds, PostgreSQL's precision, so that the copy compares equal to its source.</summary>
    private static object Time(string value)
    {
        var time = DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).UtcDateTime;
        return new DateTime(time.Ticks - (time.Ticks % 10), DateTimeKind.Utc);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Table}: {Rows} rows in the source, {Copied} copied (the rest were there already).")]
    private static partial void LogTable(ILogger logger, string table, int rows, int copied);

    [LoggerMessage(Level = LogLevel.Information, Message = "Blobs: {Count} copied and their hashes checked.")]
    private static partial void LogBlobs(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Verification failed: {Table} {Key} is not in the target as it is in the source.")]
    private static partial void LogMismatch(ILogger logger, string table, string key);
}
