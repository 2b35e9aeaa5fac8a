using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using ProfilePhotos.Tests.Infrastructure;

namespace ProfilePhotos.Tests.Identity;

public sealed class TokenEndpointTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    private GraphClient Graph => service.Graph;

    private static Dictionary<string, string> ClientCredentials(TestApplication app) => new()
    {
        ["grant_type"] = "client_credentials",
        ["client_id"] = app.ClientId,
        ["client_secret"] = app.Secret!,
        ["scope"] = "https://graph.microsoft.com/.default",
    };

    [Fact]
    public async Task ClientCredentialsGrantIssuesAnApplicationTokenWithTheConfiguredRoles()
    {
        using var response = await Graph.RequestTokenAsync(TestApplication.ReaderA.TenantId.ToString(), ClientCredentials(TestApplication.ReaderA));
        var body = await GraphAssert.OkJsonAsync(response);

        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.Equal(3599, body.GetProperty("expires_in").GetInt32());
        Assert.Equal("no-store, no-cache", response.Headers.CacheControl?.ToString());
        var token = new JsonWebToken(body.GetProperty("access_token").GetString());
        Assert.Equal("RS256", token.Alg);
        Assert.False(string.IsNullOrEmpty(token.Kid));
        Assert.Equal("https://graph.microsoft.com", Assert.Single(token.Audiences));
        Assert.Equal($"http://localhost/{TestApplication.TenantA}/v2.0", token.Issuer);
        Assert.Equal(TestApplication.TenantA.ToString(), token.GetClaim("tid").Value);
        Assert.Equal("app", token.GetClaim("idtyp").Value);
        Assert.Equal(TestApplication.ReaderA.ClientId, token.GetClaim("appid").Value);
        Assert.True(Guid.TryParse(token.GetClaim("oid").Value, out _));
        Assert.Equal(["Contacts.Read", "Group.Read.All", "User.Read.All"], token.Claims.Where(c => c.Type == "roles").Select(c => c.Value).Order());
        Assert.False(token.TryGetClaim("scp", out _));
        Assert.Equal(TimeSpan.FromHours(1), token.ValidTo - token.IssuedAt);
    }

    [Fact]
    public async Task ClientSecretBasicAuthenticationIsAcceptedToo()
    {
        var app = TestApplication.AdminA;
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/{app.TenantId}/oauth2/v2.0/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["scope"] = "https://graph.microsoft.com/.default",
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{app.ClientId}:{app.Secret}")));
        using var response = await Graph.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("wrong-secret", HttpStatusCode.Unauthorized, "invalid_client", 7000215)]
    [InlineData("", HttpStatusCode.Unauthorized, "invalid_client", 7000218)]
    [InlineData("secret-admin-a-but-longer", HttpStatusCode.Unauthorized, "invalid_client", 7000215)]
    public async Task ClientCredentialsWithABadSecretAreRefusedInTheOAuthShape(string secret, HttpStatusCode status, string error, int aadsts)
    {
        var form = ClientCredentials(TestApplication.AdminA);
        form["client_secret"] = secret;
        using var response = await Graph.RequestTokenAsync(TestApplication.TenantA.ToString(), form);
        await AssertOAuthErrorAsync(response, status, error, aadsts);
    }

    [Fact]
    public async Task AnUnknownClientIsRefused()
    {
        var form = ClientCredentials(TestApplication.AdminA);
        form["client_id"] = Guid.NewGuid().ToString();
        using var response = await Graph.RequestTokenAsync(TestApplication.TenantA.ToString(), form);
        await AssertOAuthErrorAsync(response, HttpStatusCode.BadRequest, "unauthorized_client", 700016);
    }

    [Fact]
    public async Task AClientOfAnotherTenantIsUnknownInThisOne()
    {
        using var response = await Graph.RequestTokenAsync(TestApplication.TenantB.ToString(), ClientCredentials(TestApplication.AdminA));
        await AssertOAuthErrorAsync(response, HttpStatusCode.BadRequest, "unauthorized_client", 700016);
    }

    [Theory]
    [InlineData("33333333-3333-3333-3333-333333333333")]
    [InlineData("not-a-tenant")]
    public async Task AnUnknownTenantIsRefused(string tenant)
    {
        using var response = await Graph.RequestTokenAsync(tenant, ClientCredentials(TestApplication.AdminA));
        await AssertOAuthErrorAsync(response, HttpStatusCode.BadRequest, "invalid_tenant", 90002);
    }

    [Fact]
    public async Task AnUnknownGrantTypeIsRefused()
    {
        var form = ClientCredentials(TestApplication.AdminA);
        form["grant_type"] = "urn:ietf:params:oauth:grant-type:saml2-bearer";
        using var response = await Graph.RequestTokenAsync(TestApplication.TenantA.ToString(), form);
        await AssertOAuthErrorAsync(response, HttpStatusCode.BadRequest, "unsupported_grant_type", 70003);
    }

    [Theory]
    [InlineData("grant_type")]
    [InlineData("client_id")]
    [InlineData("scope")]
    public async Task AMissingParameterIsNamed(string parameter)
    {
        var form = ClientCredentials(TestApplication.AdminA);
        form.Remove(parameter);
        using var response = await Graph.RequestTokenAsync(TestApplication.TenantA.ToString(), form);
        var error = await AssertOAuthErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request", 900144);
        Assert.Contains($"'{parameter}'", error.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task AJsonBodyIsNotAForm()
    {
        using var response = await Graph.Http.PostAsync($"/{TestApplication.TenantA}/oauth2/v2.0/token",
            new StringContent("""{"grant_type":"client_credentials"}""", Encoding.UTF8, "application/json"));
        await AssertOAuthErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request", 900144);
    }

    [Fact]
    public async Task ClientCredentialsNeedTheDefaultScope()
    {
        var form = ClientCredentials(TestApplication.AdminA);
        form["scope"] = "User.Read";
        using var response = await Graph.RequestTokenAsync(TestApplication.TenantA.ToString(), form);
        await AssertOAuthErrorAsync(response, HttpStatusCode.BadRequest, "invalid_scope", 70011);
    }

    [Fact]
    public async Task PasswordGrantIssuesADelegatedTokenForTheUser()
    {
        var user = await Graph.CreateUserAsync();
        using var response = await Graph.RequestTokenAsync("organizations", PasswordForm(user, "User.Read https://graph.microsoft.com/Contacts.ReadWrite openid"));
        var body = await GraphAssert.OkJsonAsync(response);

        var token = new JsonWebToken(body.GetProperty("access_token").GetString());
        // As the identity platform writes scp: the permissions, then the OpenID Connect scopes asked for.
        Assert.Equal("Contacts.ReadWrite User.Read openid", token.GetClaim("scp").Value);
        Assert.True(body.TryGetProperty("id_token", out _), "openid was asked: the answer carries an id_token");
        Assert.False(body.TryGetProperty("refresh_token", out _), "offline_access was not asked: no refresh token");
        Assert.Equal(user.Id.ToString(), token.GetClaim("oid").Value);
        Assert.Equal(user.UserPrincipalName, token.GetClaim("upn").Value);
        Assert.Equal("user", token.GetClaim("idtyp").Value);
        Assert.Equal(TestApplication.TenantA.ToString(), token.GetClaim("tid").Value);
        Assert.False(token.TryGetClaim("roles", out _));
    }

    [Fact]
    public async Task TheDefaultScopeGivesEveryDelegatedPermissionOfTheClient()
    {
        var user = await Graph.CreateUserAsync();
        using var response = await Graph.RequestTokenAsync(TestApplication.TenantA.ToString(), PasswordForm(user, "https://graph.microsoft.com/.default"));
        var token = new JsonWebToken((await GraphAssert.OkJsonAsync(response)).GetProperty("access_token").GetString());
        var scopes = token.GetClaim("scp").Value.Split(' ');
        Assert.Contains("User.ReadWrite", scopes);
        Assert.Contains("ProfilePhoto.ReadWrite.All", scopes);
        Assert.Contains("Contacts.ReadWrite", scopes);
    }

    [Fact]
    public async Task AWrongPasswordIsRefused()
    {
        var user = await Graph.CreateUserAsync();
        var form = PasswordForm(user, "User.Read");
        form["password"] = "not-the-password";
        using var response = await Graph.RequestTokenAsync(TestApplication.TenantA.ToString(), form);
        await AssertOAuthErrorAsync(response, HttpStatusCode.BadRequest, "invalid_grant", 50126);
    }

    [Fact]
    public async Task AnUnknownUserIsRefusedLikeAWrongPassword()
    {
        var form = PasswordForm(new TestUser(Guid.NewGuid(), TestApplication.TenantA, "nobody@contoso.com", "whatever-password"), "User.Read");
        using var response = await Graph.RequestTokenAsync(TestApplication.TenantA.ToString(), form);
        await AssertOAuthErrorAsync(response, HttpStatusCode.BadRequest, "invalid_grant", 50126);
    }

    [Fact]
    public async Task ADisabledUserGetsNoToken()
    {
        var user = await Graph.CreateUserAsync(enabled: false);
        using var response = await Graph.RequestTokenAsync(TestApplication.TenantA.ToString(), PasswordForm(user, "User.Read"));
        await AssertOAuthErrorAsync(response, HttpStatusCode.BadRequest, "invalid_grant", 50057);
    }

    [Fact]
    public async Task AUserOfAnotherTenantCannotSignInHere()
    {
        var userOfB = await Graph.CreateUserAsync(TestApplication.AdminB);
        using var response = await Graph.RequestTokenAsync(TestApplication.TenantA.ToString(), PasswordForm(userOfB, "User.Read"));
        await AssertOAuthErrorAsync(response, HttpStatusCode.BadRequest, "invalid_grant", 50126);
    }

    [Fact]
    public async Task AnUnknownScopeIsRefused()
    {
        var user = await Graph.CreateUserAsync();
        using var response = await Graph.RequestTokenAsync(TestApplication.TenantA.ToString(), PasswordForm(user, "Mail.Send"));
        await AssertOAuthErrorAsync(response, HttpStatusCode.BadRequest, "invalid_scope", 70011);
    }

    [Fact]
    public async Task AConfidentialClientMustAuthenticateForThePasswordGrant()
    {
        var user = await Graph.CreateUserAsync();
        var form = PasswordForm(user, "User.Read");
        form["client_id"] = TestApplication.AdminA.ClientId;
        using var response = await Graph.RequestTokenAsync(TestApplication.TenantA.ToString(), form);
        await AssertOAuthErrorAsync(response, HttpStatusCode.Unauthorized, "invalid_client", 7000218);

        form["client_secret"] = TestApplication.AdminA.Secret!;
        using var accepted = await Graph.RequestTokenAsync(TestApplication.TenantA.ToString(), form);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task APublicClientCannotUseClientCredentials()
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = TestApplication.PublicA.ClientId,
            ["scope"] = "https://graph.microsoft.com/.default",
        };
        using var response = await Graph.RequestTokenAsync(TestApplication.TenantA.ToString(), form);
        await AssertOAuthErrorAsync(response, HttpStatusCode.Unauthorized, "invalid_client", 7000218);
    }

    private static Dictionary<string, string> PasswordForm(TestUser user, string scope) => new()
    {
        ["grant_type"] = "password",
        ["client_id"] = TestApplication.PublicA.ClientId,
        ["username"] = user.UserPrincipalName,
        ["password"] = user.Password,
        ["scope"] = scope,
    };

    private static async Task<JsonElement> AssertOAuthErrorAsync(HttpResponseMessage response, HttpStatusCode status, string error, int aadsts)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal(error, body.GetProperty("error").GetString());
        Assert.StartsWith($"AADSTS{aadsts}:", body.GetProperty("error_description").GetString());
        Assert.Equal(aadsts, body.GetProperty("error_codes")[0].GetInt32());
        Assert.False(body.TryGetProperty("access_token", out _));
        return body.Clone();
    }
}
