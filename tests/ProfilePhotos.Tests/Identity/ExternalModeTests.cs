using System.Net;
using ProfilePhotos.Tests.Infrastructure;

namespace ProfilePhotos.Tests.Identity;

/// <summary>
/// External mode for real: a second instance of the service, in embedded mode on a real socket,
/// is the OpenID Connect authority. The instance under test fetches its discovery document and
/// keys over HTTP through the standard JwtBearer handler.
/// </summary>
public sealed class ExternalModeTests : IAsyncLifetime
{
    private readonly KestrelFixture authority = new();
    private ServiceFixture? external;
    private ServiceFixture? wrongAudience;

    public Task InitializeAsync()
    {
        var address = authority.ListeningAddress!.ToString().TrimEnd('/');
        external = ExternalInstance(address, "https://graph.microsoft.com");
        wrongAudience = ExternalInstance(address, "api://another-api");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await authority.DisposeAsync();
        await external!.DisposeAsync();
        await wrongAudience!.DisposeAsync();
    }

    private static ServiceFixture ExternalInstance(string authorityAddress, string audience) =>
        new(new Dictionary<string, string?>
        {
            ["Identity:Mode"] = "External",
            ["Identity:Authority"] = $"{authorityAddress}/{TestApplication.TenantA}/v2.0",
            ["Identity:Audience"] = audience,
        });

    [Fact]
    public async Task ATokenFromTheAuthorityIsAcceptedAndItsClaimsApply()
    {
        var appToken = await authority.Graph.AppTokenAsync(TestApplication.AdminA);
        await external!.Graph.CreateUserAsync(userPrincipalName: "ext@contoso.com", token: appToken);

        var readerToken = await authority.Graph.AppTokenAsync(TestApplication.ReaderA);
        using var refused = await external.Graph.SendAsync(HttpMethod.Post, "/v1.0/groups", readerToken,
            new { displayName = "G", mailNickname = "g", mailEnabled = false, securityEnabled = true });
        await GraphAssert.ErrorAsync(refused, HttpStatusCode.Forbidden, "Authorization_RequestDenied");

        using var listed = await external.Graph.SendAsync(HttpMethod.Get, "/v1.0/users", readerToken);
        Assert.Single((await GraphAssert.OkJsonAsync(listed)).GetProperty("value").EnumerateArray());
    }

    [Fact]
    public async Task ATokenOfTheInstancesOwnKindIsRefusedAndItsTokenEndpointIsOff()
    {
        using var tokenEndpoint = await external!.Graph.RequestTokenAsync(TestApplication.TenantA.ToString(), new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = TestApplication.AdminA.ClientId,
            ["client_secret"] = TestApplication.AdminA.Secret!,
            ["scope"] = "https://graph.microsoft.com/.default",
        });
        Assert.Equal(HttpStatusCode.NotFound, tokenEndpoint.StatusCode);

        // A token signed with a key the authority never published.
        var forged = await TokenForge.ForAsync(authority);
        using var response = await external.Graph.SendAsync(HttpMethod.Get, "/v1.0/users", forged.SignWithForeignKey(TokenForge.ApplicationClaims()));
        await GraphAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "InvalidAuthenticationToken");
    }

    [Fact]
    public async Task TheConfiguredAudienceIsEnforced()
    {
        var token = await authority.Graph.AppTokenAsync(TestApplication.AdminA);
        using var response = await wrongAudience!.Graph.SendAsync(HttpMethod.Get, "/v1.0/users", token);
        var error = await GraphAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "InvalidAuthenticationToken");
        Assert.Contains("audience", error.GetProperty("message").GetString());
    }
}
