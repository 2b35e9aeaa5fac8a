using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace ProfilePhotos.Identity;

/// <summary>
/// The embedded issuer's RSA keys. The first signs; all validate, which is how a key is rotated:
/// configure the new key first and keep the old one after it until its tokens have expired.
/// Where they come from: configuration (<c>Identity:SigningKeys:N:Pem</c> or <c>:Path</c>),
/// else the key the store keeps (<see cref="IPersistedSigningKey"/>: created on first start,
/// shared by every node of a shared store). A <c>kid</c> is the key's RFC 7638 thumbprint.
/// </summary>
public sealed class SigningKeyStore(IOptions<IdentityOptions> identity, IPersistedSigningKey persisted) : IDisposable
{
    private const int KeySize = 2048;
    private readonly List<RSA> rsas = [];
    private IReadOnlyList<RsaSecurityKey>? keys;

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
            : [await persisted.LoadOrCreateAsync(NewPem, cancellationToken)];
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
}
