using System.Net;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ProfilePhotos.Tests.Infrastructure;

namespace ProfilePhotos.Tests.Identity;

public sealed class DiscoveryTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    [Fact]
    public async Task TheDiscoveryDocumentNamesTheIssuerAndItsEndpoints()
    {
        using var response = await service.Graph.Http.GetAsync($"/{TestApplication.TenantA}/v2.0/.well-known/openid-configuration");
        var doc = await GraphAssert.OkJsonAsync(response);
        Assert.Equal($"http://localhost/{TestApplication.TenantA}/v2.0", doc.GetProperty("issuer").GetString());
        Assert.Equal($"http://localhost/{TestApplication.TenantA}/oauth2/v2.0/token", doc.GetProperty("token_endpoint").GetString());
        Assert.Equal($"http://localhost/{TestApplication.TenantA}/discovery/v2.0/keys", doc.GetProperty("jwks_uri").GetString());
        Assert.Equal($"http://localhost/{TestApplication.TenantA}/oauth2/v2.0/authorize", doc.GetProperty("authorization_endpoint").GetString());
        Assert.Equal(["RS256"], doc.GetProperty("id_token_signing_alg_values_supported").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task IssuedTokensValidateAgainstThePublishedKeys()
    {
        var token = await service.Graph.AppTokenAsync(TestApplication.AdminA);
        using var response = await service.Graph.Http.GetAsync($"/{TestApplication.TenantA}/discovery/v2.0/keys");
        var keySet = new JsonWebKeySet(await response.Content.ReadAsStringAsync());
        var key = Assert.Single(keySet.Keys);
        Assert.Equal("RSA", key.Kty);
        Assert.Equal("sig", key.Use);
        Assert.True(string.IsNullOrEmpty(key.D), "the private exponent must never be published");

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKeys = keySet.Keys,
            ValidIssuer = $"http://localhost/{TestApplication.TenantA}/v2.0",
            ValidAudience = "https://graph.microsoft.com",
            TryAllIssuerSigningKeys = false,
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal(key.Kid, ((JsonWebToken)result.SecurityToken).Kid);
    }

    [Fact]
    public async Task TheKeyIdIsTheKeysThumbprint()
    {
        using var response = await service.Graph.Http.GetAsync($"/{TestApplication.TenantA}/discovery/v2.0/keys");
        var key = new JsonWebKeySet(await response.Content.ReadAsStringAsync()).Keys.Single();
        Assert.Equal(Base64UrlEncoder.Encode(key.ComputeJwkThumbprint()), key.Kid);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
