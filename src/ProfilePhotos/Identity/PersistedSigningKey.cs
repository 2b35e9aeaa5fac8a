using ProfilePhotos.Storage.Sql;

namespace ProfilePhotos.Identity;

/// <summary>
/// Where the embedded issuer keeps the key it makes for itself when none is configured: loaded
/// if there is one, else created once, even when several processes start at the same moment.
/// </summary>
public interface IPersistedSigningKey
{
    Task<string> LoadOrCreateAsync(Func<string> createPem, CancellationToken cancellationToken);
}

/// <summary>The embedded store's key: <c>keys/signing-key.pem</c> in the data directory, readable by its owner only.</summary>
public sealed class SigningKeyFile(string path) : IPersistedSigningKey
{
    public const string RelativePath = "keys/signing-key.pem";

    public Task<string> LoadOrCreateAsync(Func<string> createPem, CancellationToken cancellationToken)
    {
        if (File.Exists(path))
        {
            return File.ReadAllTextAsync(path, cancellationToken);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var pem = createPem();
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, fileOptions))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(pem);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        try
        {
            // Another process starting on the same directory may win the race: then its key is the key.
            File.Move(temporary, path, overwrite: false);
            return Task.FromResult(pem);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            return File.ReadAllTextAsync(path, cancellationToken);
        }
    }
}

/// <summary>A shared store's key, in its <c>signing_keys</c> table: the first node to start creates it, every node loads that one.</summary>
public sealed class SqlSigningKey(SqlDatabase database) : IPersistedSigningKey
{
    public async Task<string> LoadOrCreateAsync(Func<string> createPem, CancellationToken cancellationToken)
    {
        await using var sql = await database.OpenAsync(cancellationToken);
        await sql.BeginAsync(cancellationToken);
        await database.Dialect.LockAsync(sql, "profilephotos-signing-key", cancellationToken);
        if (await sql.ScalarAsync("SELECT pem FROM signing_keys ORDER BY created_at LIMIT 1", cancellationToken) is not string pem)
        {
            pem = createPem();
            await sql.ExecuteAsync(
                "INSERT INTO signing_keys (kid, pem, created_at) VALUES (@kid, @pem, @created)", cancellationToken,
                ("kid", Guid.NewGuid().ToString("N")), ("pem", pem), ("created", DateTimeOffset.UtcNow));
        }

        await sql.CommitAsync(cancellationToken);
        return pem;
    }
}
