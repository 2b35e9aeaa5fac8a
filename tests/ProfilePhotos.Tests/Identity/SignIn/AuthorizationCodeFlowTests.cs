using System.Net;
using Microsoft.IdentityModel.JsonWebTokens;
using ProfilePhotos.Tests.Infrastructure;

namespace ProfilePhotos.Tests.Identity.SignIn;

/// <summary>The authorization code flow with PKCE, end to end through the sign-in page, with a session for the next sign-in.</summary>
public sealed class AuthorizationCodeFlowTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    private const string Redirect = "http://localhost:3000/";

    private Task<HttpResponseMessage> RedeemAsync(string code, string verifier, string redirect = Redirect, TestApplication? app = null) =>
        service.Graph.RequestTokenAsync(TestApplication.TenantA.ToString(), new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = (app ?? TestApplication.SpaA).ClientId,
            ["code"] = code,
            ["redirect_uri"] = redirect,
            ["code_verifier"] = verifier,
            ["client_info"] = "1",
            ["scope"] = "openid profile offline_access User.Read",
        });

    [Fact]
    public async Task ASignInThroughThePageGivesACodeThatRedeemsForEveryToken()
    {
        var user = await service.Graph.CreateUserAsync();
        using var browser = new SignInBrowser(service);
        var (verifier, challenge) = SignInBrowser.Pkce();
        using var page = await browser.GetAsync(SignInBrowser.AuthorizeUrl(TestApplication.SpaA, Redirect, challenge));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("frame-ancestors 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        using var signedIn = await browser.SignInAsync(page, user.UserPrincipalName, user.Password);
        var answer = await SignInBrowser.AnswerAsync(signedIn);
        Assert.StartsWith(Redirect, signedIn.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal("st-1", answer["state"]);

        using var tokens = await RedeemAsync(answer["code"], verifier);
        var body = await GraphAssert.OkJsonAsync(tokens);
        var id = new JsonWebToken(body.GetProperty("id_token").GetString());
        Assert.Equal(TestApplication.SpaA.ClientId, id.Audiences.Single());
        Assert.Equal("n-1", id.GetClaim("nonce").Value);
        Assert.Equal(user.Id.ToString(), id.GetClaim("oid").Value);
        Assert.Equal(user.UserPrincipalName, id.GetClaim("preferred_username").Value);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("refresh_token").GetString()));
        Assert.Equal(answer["client_info"], body.GetProperty("client_info").GetString());
        var access = body.GetProperty("access_token").GetString()!;
        using var me = await service.Graph.SendAsync(HttpMethod.Get, "/v1.0/me", access);
        Assert.Equal(user.UserPrincipalName, (await GraphAssert.OkJsonAsync(me)).GetProperty("userPrincipalName").GetString());

        // The session: the next sign-in, of another application of the tenant, needs no form.
        using var again = await browser.GetAsync(SignInBrowser.AuthorizeUrl(TestApplication.WebA, "https://app.example/signin-oidc", null));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.True((await SignInBrowser.AnswerAsync(again)).ContainsKey("code"));
    }
}
