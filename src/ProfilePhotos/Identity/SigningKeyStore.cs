using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using ProfilePhotos.Hosting;
using ProfilePhotos.Storage.Postgres;

namespace ProfilePhotos.Identity;

/// <summary>
/// The embedded issuer's RSA keys. The first signs; all validate, which is how a key is rotated:
/// configure the new key first and keep the old one after it until its tokens have expired.
/// Where they come from, in order: configuration (<c>Identity:SigningKeys:N:Pem</c> or
/// <c>:Path</c>), else PostgreSQL when it holds the metadata (so every node shares it), else a
/// key file created on first start in the data directory. A <c>kid</c> is the key's RFC 7638 thumbprint.
/// </summary>
public sealed class SigningKeyStore(IOptions<IdentityOptions> identity, IOptions<StorageOptions> storage, IServiceProvider services) : IDisposable
{
    private const int KeySize = 2048;
    private readonly List<RSA> rsas = [];
    private IReadOnlyList<RsaSecurityKey>? keys;

    /// <summary>Where the key file is kept when neither configuration nor PostgreSQL supplies the key.</summary>
    public string FilePath => Path.Combine(storage.Value.FullDataDirectory, "keys", "signing-key.pem");

    public string KeyId => Keys[0].KeyId;

    public SigningCredentials SigningCredentials => new(Keys[0], SecurityAlgorithms.RsaSha256);

    public IReadOnlyList<SecurityKey> ValidationKeys => Keys;

    /// <summary>The public halves, as published in the JWKS.</summary>
    public IEnumerable<JsonWebKey> PublicJwks => Keys.Select(key =>
    {
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(key.Rsa.ExportParameters(false)));
        jwk.KeyId = key.KeyId;
        jwk.Use = "sig";
        jwk.Alg = SecurityAlgorithms.RsaSha256;
        return jwk;
    });

    private IReadOnlyList<RsaSecurityKey> Keys => keys ?? throw new InvalidOperationException("The signing keys are not loaded yet.");

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var configured = identity.Value.SigningKeys;
        IReadOnlyList<string> pems = configured.Count > 0
            ? configured.Select(ReadConfigured).ToList()
            : storage.Value.Metadata == MetadataBackend.Postgres
                ? [await LoadOrCreateInPostgresAsync(services.GetRequiredService<PostgresDatabase>(), cancellationToken)]
                : [LoadOrCreateFile(FilePath)];
        keys = pems.Select(ToKey).ToList();
    }

    public void Dispose()
    {
        foreach (var rsa in rsas)
        {
            rsa.Dispose();
        }
    }

    private RsaSecurityKey ToKey(string pem)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        rsas.Add(rsa);
        var publicJwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(false)));
        // A factory of its own: the default one is process-wide and caches signature providers by
        // key id, so any other key that happened to carry the same kid could be served from its cache.
        return new RsaSecurityKey(rsa) { KeyId = Base64UrlEncoder.Encode(publicJwk.ComputeJwkThumbprint()), CryptoProviderFactory = new CryptoProviderFactory() };
    }

    private static string ReadConfigured(SigningKeyOptions key, int index) =>
        key.Pem is { Length: > 0 } pem ? pem
        : key.Path is { Length: > 0 } path ? File.ReadAllText(path)
        : throw new InvalidOperationException($"Identity:SigningKeys:{index} names neither a Pem nor a Path.");

    private static string NewPem()
    {
        using var created = RSA.Create(KeySize);
        return created.ExportPkcs8PrivateKeyPem();
    }

    /// <summary>The first node to start creates the key, under an advisory lock; every node then loads that one.</summary>
    private static async Task<string> LoadOrCreateInPostgresAsync(PostgresDatabase database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.Command("SELECT pg_advisory_xact_lock(hashtextextended('profilephotos-signing-key', 0))").In(transaction).ExecuteNonQueryAsync(cancellationToken);
        if (await connection.Command("SELECT pem FROM signing_keys ORDER BY created_at LIMIT 1").In(transaction).ExecuteScalarAsync(cancellationToken) is not string pem)
        {
            pem = NewPem();
            await connection.Command("INSERT INTO signing_keys (kid, pem, created_at) VALUES (@kid, @pem, now())", ("kid", Guid.NewGuid().ToString("N")), ("pem", pem))
                .In(transaction).ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return pem;
    }

    private static string LoadOrCreateFile(string path)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var pem = NewPem();
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
            return pem;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            return File.ReadAllText(path);
        }
    }
}
