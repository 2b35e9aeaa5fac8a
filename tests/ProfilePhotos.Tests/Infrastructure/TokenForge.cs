using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ProfilePhotos.Tests.Infrastructure;

/// <summary>
/// Makes tokens a client could not get from the issuer: with the service's real key (read from
/// its data directory, as an attacker who stole it would) and chosen claims, or signed wrongly.
/// </summary>
public sealed class TokenForge(string dataDirectory, string keyId)
{
    public const string GraphAudience = "https://graph.microsoft.com";

    public static async Task<TokenForge> ForAsync(ServiceFixture service)
    {
        using var response = await service.Graph.Http.GetAsync($"/{TestApplication.TenantA}/discovery/v2.0/keys");
        var keys = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("keys");
        return new TokenForge(service.DataDirectory, keys[0].GetProperty("kid").GetString()!);
    }

    public string KeyId => keyId;

    /// <summary>The claims of a valid application token of tenant A with every role.</summary>
    public static Dictionary<string, object> ApplicationClaims(Guid? tenant = null) => new()
    {
        ["tid"] = (tenant ?? TestApplication.TenantA).ToString(),
        ["oid"] = Guid.NewGuid().ToString(),
        ["idtyp"] = "app",
        ["appid"] = TestApplication.AdminA.ClientId,
        ["roles"] = new[] { "User.ReadWrite.All", "Group.ReadWrite.All", "Contacts.ReadWrite" },
    };

    public static string IssuerFor(Guid tenant) => $"http://localhost/{tenant}/v2.0";

    public string SignWithServiceKey(
        Dictionary<string, object> claims, string? issuer = null, string audience = GraphAudience,
        DateTime? notBefore = null, DateTime? expires = null, string? kid = null)
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(Path.Combine(dataDirectory, "keys", "signing-key.pem")));
        return Sign(new RsaSecurityKey(rsa) { KeyId = kid ?? keyId, CryptoProviderFactory = Uncached() }, SecurityAlgorithms.RsaSha256, claims, issuer, audience, notBefore, expires);
    }

    /// <summary>Signed with a given private key, under its RFC 7638 thumbprint as kid.</summary>
    public static string SignWithPem(string pem, Dictionary<string, object> claims)
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return Sign(new RsaSecurityKey(rsa) { KeyId = KeyIdOf(pem), CryptoProviderFactory = Uncached() }, SecurityAlgorithms.RsaSha256, claims, null, GraphAudience, null, null);
    }

    public static string KeyIdOf(string pem)
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(false)));
        return Base64UrlEncoder.Encode(jwk.ComputeJwkThumbprint());
    }

    /// <summary>Signed by a key the service never published, under the service's own kid.</summary>
    public string SignWithForeignKey(Dictionary<string, object> claims)
    {
        using var rsa = RSA.Create(2048);
        return Sign(new RsaSecurityKey(rsa) { KeyId = keyId, CryptoProviderFactory = Uncached() }, SecurityAlgorithms.RsaSha256, claims, null, GraphAudience, null, null);
    }

    /// <summary>Algorithm confusion: HS256 with the service's public key as the shared secret.</summary>
    public string SignWithPublicKeyAsHmacSecret(Dictionary<string, object> claims)
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(Path.Combine(dataDirectory, "keys", "signing-key.pem")));
        var secret = Encoding.ASCII.GetBytes(rsa.ExportSubjectPublicKeyInfoPem());
        return Sign(new SymmetricSecurityKey(secret) { KeyId = keyId, CryptoProviderFactory = Uncached() }, SecurityAlgorithms.HmacSha256, claims, null, GraphAudience, null, null);
    }

    /// <summary>An unsigned token (<c>alg: none</c>) with valid-looking claims.</summary>
    public static string Unsigned(Dictionary<string, object> claims)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var payload = new Dictionary<string, object>(claims)
        {
            ["iss"] = IssuerFor(TestApplication.TenantA),
            ["aud"] = GraphAudience,
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + 3600,
        };
        return $"{Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""")}.{Base64UrlEncoder.Encode(JsonSerializer.Serialize(payload))}.";
    }

    /// <summary>Keys here are disposed after one use: they must not land in a process-wide provider cache.</summary>
    private static CryptoProviderFactory Uncached() => new() { CacheSignatureProviders = false };

    private static string Sign(
        SecurityKey key, string algorithm, Dictionary<string, object> claims, string? issuer, string audience, DateTime? notBefore, DateTime? expires)
    {
        var now = DateTime.UtcNow;
        var tenant = Guid.TryParse(claims.GetValueOrDefault("tid") as string, out var t) ? t : TestApplication.TenantA;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? IssuerFor(tenant),
            Audience = audience,
            IssuedAt = (notBefore ?? now).AddMinutes(-1),
            NotBefore = notBefore ?? now,
            Expires = expires ?? now.AddHours(1),
            Claims = claims,
            SigningCredentials = new SigningCredentials(key, algorithm),
        });
    }
}
