using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using ProfilePhotos.Hosting;

namespace ProfilePhotos.Identity;

/// <summary>
/// The embedded issuer's RSA key: created on first start in the data directory and loaded on
/// every later start, so tokens survive a restart. The <c>kid</c> is the key's RFC 7638 thumbprint.
/// </summary>
public sealed class SigningKeyStore : IDisposable
{
    private const int KeySize = 2048;
    private readonly RSA rsa;

    public SigningKeyStore(IOptions<StorageOptions> storage)
    {
        var directory = Path.Combine(storage.Value.FullDataDirectory, "keys");
        Directory.CreateDirectory(directory);
        FilePath = Path.Combine(directory, "signing-key.pem");
        rsa = RSA.Create();
        rsa.ImportFromPem(LoadOrCreatePem(FilePath));

        PublicJwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(false)));
        KeyId = Base64UrlEncoder.Encode(PublicJwk.ComputeJwkThumbprint());
        PublicJwk.KeyId = KeyId;
        PublicJwk.Use = "sig";
        PublicJwk.Alg = SecurityAlgorithms.RsaSha256;

        // A factory of its own: the default one is process-wide and caches signature providers by
        // key id, so any other key that happened to carry the same kid could be served from its cache.
        var key = new RsaSecurityKey(rsa) { KeyId = KeyId, CryptoProviderFactory = new CryptoProviderFactory() };
        SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256);
        ValidationKeys = [key];
    }

    public string FilePath { get; }

    public string KeyId { get; }

    public JsonWebKey PublicJwk { get; }

    public SigningCredentials SigningCredentials { get; }

    public IReadOnlyList<SecurityKey> ValidationKeys { get; }

    public void Dispose() => rsa.Dispose();

    private static string LoadOrCreatePem(string path)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path);
        }

        using var created = RSA.Create(KeySize);
        var pem = created.ExportPkcs8PrivateKeyPem();
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
