using System.Net;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ProfilePhotos.Tests.Infrastructure;

namespace ProfilePhotos.Tests.Identity;

/// <summary>Signing keys from configuration: how several nodes share a key, and how a key is rotated.</summary>
public sealed class SigningKeyConfigurationTests
{
    private static string NewPem()
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportPkcs8PrivateKeyPem();
    }

    private static ServiceFixture WithKeys(params string[] pems) =>
        new(pems.Select((pem, i) => new KeyValuePair<string, string?>($"Identity:SigningKeys:{i}:Pem", pem)));

    [Fact]
    public async Task DuringARotationTheNewKeySignsAndTheOldOneStillValidates()
    {
        var (oldKey, newKey) = (NewPem(), NewPem());
        await using var rotating = WithKeys(newKey, oldKey);

        var issued = new JsonWebToken(await rotating.Graph.AppTokenAsync(TestApplication.AdminA));
        Assert.Equal(TokenForge.KeyIdOf(newKey), issued.Kid);
        using var jwks = await rotating.Graph.Http.GetAsync($"/{TestApplication.TenantA}/discovery/v2.0/keys");
        var published = new JsonWebKeySet(await jwks.Content.ReadAsStringAsync()).Keys.Select(k => k.Kid).ToList();
        Assert.Equal([TokenForge.KeyIdOf(newKey), TokenForge.KeyIdOf(oldKey)], published);

        var signedWithOld = TokenForge.SignWithPem(oldKey, TokenForge.ApplicationClaims());
        using var accepted = await rotating.Graph.SendAsync(HttpMethod.Get, "/v1.0/users", signedWithOld);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);

        // Once the old key is taken out of the configuration, its tokens are refused.
        await using var rotated = WithKeys(newKey);
        using var refused = await rotated.Graph.SendAsync(HttpMethod.Get, "/v1.0/users", signedWithOld);
        await GraphAssert.ErrorAsync(refused, HttpStatusCode.Unauthorized, "InvalidAuthenticationToken");
        using var stillGood = await rotated.Graph.SendAsync(HttpMethod.Get, "/v1.0/users", TokenForge.SignWithPem(newKey, TokenForge.ApplicationClaims()));
        Assert.Equal(HttpStatusCode.OK, stillGood.StatusCode);
        Assert.False(File.Exists(Path.Combine(rotated.DataDirectory, "keys", "signing-key.pem")), "a configured key must not be replaced by a generated one");
    }

    [Fact]
    public async Task TwoInstancesWithTheSameConfiguredKeyAcceptEachOthersTokens()
    {
        var key = NewPem();
        await using var first = WithKeys(key);
        await using var second = WithKeys(key);
        using var response = await second.Graph.SendAsync(HttpMethod.Get, "/v1.0/users", await first.Graph.AppTokenAsync(TestApplication.AdminA));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
