using System.Net;
using System.Net.Http.Headers;
using ProfilePhotos.Tests.Infrastructure;

namespace ProfilePhotos.Tests.Identity.SignIn;

/// <summary>One issuer per tenant whatever address is asked: a token minted at one address of the deployment works at its others.</summary>
public sealed class IssuerAddressTests(KestrelFixture service) : IClassFixture<KestrelFixture>
{
    [Fact]
    public async Task ATokenMintedAtOneAddressIsAcceptedAtAnotherOfTheSameDeployment()
    {
        var port = service.ListeningAddress!.Port;
        using var numeric = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        using var named = new HttpClient { BaseAddress = new Uri($"http://localhost:{port}") };
        var token = await new GraphClient(numeric).AppTokenAsync(TestApplication.AdminA);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1.0/users?$top=1");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var accepted = await named.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);

        using var discovery = await named.GetAsync($"/{TestApplication.TenantA}/v2.0/.well-known/openid-configuration");
        Assert.Equal($"http://localhost:{port}/{TestApplication.TenantA}/v2.0", (await GraphAssert.OkJsonAsync(discovery)).GetProperty("issuer").GetString());
    }

    [Fact]
    public async Task ATokenNamingAnAddressThisDeploymentDoesNotAnswerAtIsRefused()
    {
        var forge = await TokenForge.ForAsync(service);
        var token = forge.SignWithServiceKey(TokenForge.ApplicationClaims(), issuer: $"http://127.0.0.1:1/{TestApplication.TenantA}/v2.0");
        using var http = new HttpClient { BaseAddress = service.ListeningAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1.0/users?$top=1");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var refused = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }
}
