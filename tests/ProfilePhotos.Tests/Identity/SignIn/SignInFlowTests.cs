using System.Net;
using ProfilePhotos.Tests.Infrastructure;

namespace ProfilePhotos.Tests.Identity.SignIn;

/// <summary>The sign-in flows' other paths: prompts, response modes, device code, sign-out, userinfo, discovery.</summary>
public sealed class SignInFlowTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    private const string Redirect = "http://localhost:3000/";

    private async Task<(SignInBrowser Browser, TestUser User)> SignedInBrowserAsync()
    {
        var user = await service.Graph.CreateUserAsync();
        var browser = new SignInBrowser(service);
        using var page = await browser.GetAsync(SignInBrowser.AuthorizeUrl(TestApplication.SpaA, Redirect, SignInBrowser.Pkce().Challenge));
        using var signedIn = await browser.SignInAsync(page, user.UserPrincipalName, user.Password);
        Assert.True((await SignInBrowser.AnswerAsync(signedIn)).ContainsKey("code"));
        return (browser, user);
    }

    [Fact]
    public async Task PromptNoneAnswersLoginRequiredWithoutASessionAndACodeWithOne()
    {
        using var stranger = new SignInBrowser(service);
        using var none = await stranger.GetAsync(SignInBrowser.AuthorizeUrl(TestApplication.SpaA, Redirect, SignInBrowser.Pkce().Challenge, extra: "prompt=none"));
        var refused = await SignInBrowser.AnswerAsync(none);
        Assert.Equal("login_required", refused["error"]);
        Assert.StartsWith("AADSTS50058", refused["error_description"], StringComparison.Ordinal);

        var (browser, _) = await SignedInBrowserAsync();
        using (browser)
        {
            using var silent = await browser.GetAsync(SignInBrowser.AuthorizeUrl(TestApplication.SpaA, Redirect, SignInBrowser.Pkce().Challenge, extra: "prompt=none"));
            Assert.True((await SignInBrowser.AnswerAsync(silent)).ContainsKey("code"));
        }
    }

    [Fact]
    public async Task PromptLoginShowsTheFormEvenWithASessionAndSelectAccountOffersTheSignedInUser()
    {
        var (browser, user) = await SignedInBrowserAsync();
        using (browser)
        {
            using var login = await browser.GetAsync(SignInBrowser.AuthorizeUrl(TestApplication.SpaA, Redirect, SignInBrowser.Pkce().Challenge, extra: "prompt=login"));
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            Assert.Contains("name=\"passwd\"", await login.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            using var select = await browser.GetAsync(SignInBrowser.AuthorizeUrl(TestApplication.SpaA, Redirect, SignInBrowser.Pkce().Challenge, extra: "prompt=select_account"));
            Assert.Contains(user.UserPrincipalName, await select.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            using var continued = await browser.SignInAsync(select, "", "", action: "continue");
            Assert.True((await SignInBrowser.AnswerAsync(continued)).ContainsKey("code"));
        }
    }

    [Theory]
    [InlineData("fragment")]
    [InlineData("form_post")]
    [InlineData("query")]
    public async Task TheCodeComesBackTheWayTheApplicationAskedForIt(string mode)
    {
        var (browser, _) = await SignedInBrowserAsync();
        using (browser)
        {
            using var response = await browser.GetAsync(SignInBrowser.AuthorizeUrl(TestApplication.SpaA, Redirect, SignInBrowser.Pkce().Challenge, extra: $"response_mode={mode}"));
            var answer = await SignInBrowser.AnswerAsync(response);
            Assert.True(answer.ContainsKey("code") && answer["state"] == "st-1");
            switch (mode)
            {
                case "fragment":
                    Assert.Contains("#code=", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
                    break;
                case "form_post":
                    Assert.Contains($"action=\"{Redirect}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                    break;
                default:
                    Assert.StartsWith($"{Redirect}?", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
                    break;
            }
        }
    }

    [Fact]
    public async Task ADeviceSignsInWhenItsUserEntersTheCodeAndApproves()
    {
        var user = await service.Graph.CreateUserAsync();
        using var started = await service.Graph.Http.PostAsync($"/{TestApplication.TenantA}/oauth2/v2.0/devicecode",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["client_id"] = TestApplication.SpaA.ClientId, ["scope"] = "openid offline_access User.Read" }));
        var device = await GraphAssert.OkJsonAsync(started);
        Assert.EndsWith("/devicelogin", device.GetProperty("verification_uri").GetString(), StringComparison.Ordinal);
        Assert.Equal(5, device.GetProperty("interval").GetInt32());
        var poll = new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:device_code",
            ["client_id"] = TestApplication.SpaA.ClientId,
            ["device_code"] = device.GetProperty("device_code").GetString()!,
        };
        using (var pending = await service.Graph.RequestTokenAsync(TestApplication.TenantA.ToString(), poll))
        {
            Assert.Equal("authorization_pending", (await GraphClient.ReadJsonAsync(pending)).GetProperty("error").GetString());
        }

        using (var tooSoon = await service.Graph.RequestTokenAsync(TestApplication.TenantA.ToString(), poll))
        {
            Assert.Equal("slow_down", (await GraphClient.ReadJsonAsync(tooSoon)).GetProperty("error").GetString());
        }

        using var browser = new SignInBrowser(service);
        using var codePage = await browser.GetAsync("/devicelogin");
        var fields = SignInBrowser.HiddenFields(await codePage.Content.ReadAsStringAsync());
        fields["user_code"] = device.GetProperty("user_code").GetString()!;
        fields["__action"] = "code";
        using var signInPage = await browser.Http.PostAsync("/devicelogin", new FormUrlEncodedContent(fields));
        using var approved = await browser.SignInAsync(signInPage, user.UserPrincipalName, user.Password);
        Assert.Contains("You're signed in", await approved.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var tokens = await service.Graph.RequestTokenAsync(TestApplication.TenantA.ToString(), poll);
        var body = await GraphAssert.OkJsonAsync(tokens);
        Assert.True(body.TryGetProperty("id_token", out _) && body.TryGetProperty("refresh_token", out _));
        using var again = await service.Graph.RequestTokenAsync(TestApplication.TenantA.ToString(), poll);
        Assert.Equal("invalid_grant", (await GraphClient.ReadJsonAsync(again)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task SigningOutEndsTheSessionAndReturnsOnlyToARegisteredAddress()
    {
        var (browser, _) = await SignedInBrowserAsync();
        using (browser)
        {
            using var elsewhere = await browser.GetAsync($"/{TestApplication.TenantA}/oauth2/v2.0/logout?client_id={TestApplication.SpaA.ClientId}&post_logout_redirect_uri=https://evil.example/");
            Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
            Assert.Null(elsewhere.Headers.Location);

            var (again, _) = await SignedInBrowserAsync();
            using (again)
            {
                using var home = await again.GetAsync($"/{TestApplication.TenantA}/oauth2/v2.0/logout?client_id={TestApplication.SpaA.ClientId}&post_logout_redirect_uri={Uri.EscapeDataString(Redirect)}&state=bye");
                Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
                Assert.Equal($"{Redirect}?state=bye", home.Headers.Location!.OriginalString);
                using var none = await again.GetAsync(SignInBrowser.AuthorizeUrl(TestApplication.SpaA, Redirect, SignInBrowser.Pkce().Challenge, extra: "prompt=none"));
                Assert.Equal("login_required", (await SignInBrowser.AnswerAsync(none))["error"]);
            }
        }
    }

    [Fact]
    public async Task UserinfoAnswersForAUsersTokenAndTheRealmIsManaged()
    {
        var user = await service.Graph.CreateUserAsync();
        var token = await service.Graph.UserTokenAsync(user, "openid User.Read");
        using var info = await service.Graph.SendAsync(HttpMethod.Get, "/oidc/userinfo", token);
        Assert.Equal(user.UserPrincipalName, (await GraphAssert.OkJsonAsync(info)).GetProperty("preferred_username").GetString());
        using var anonymous = await service.Graph.SendAsync(HttpMethod.Get, "/oidc/userinfo", null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        using var realm = await service.Graph.Http.GetAsync($"/common/userrealm/{user.UserPrincipalName}?api-version=1.0");
        Assert.Equal("Managed", (await GraphAssert.OkJsonAsync(realm)).GetProperty("account_type").GetString());
    }

    [Fact]
    public async Task DiscoveryNamesEveryEndpointAndWhatTheyTake()
    {
        using var response = await service.Graph.Http.GetAsync($"/{TestApplication.TenantA}/v2.0/.well-known/openid-configuration");
        var document = await GraphAssert.OkJsonAsync(response);
        foreach (var endpoint in new[] { "authorization_endpoint", "token_endpoint", "device_authorization_endpoint", "end_session_endpoint", "userinfo_endpoint", "jwks_uri" })
        {
            Assert.StartsWith("http://localhost/", document.GetProperty(endpoint).GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(["S256"], document.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("form_post", document.GetProperty("response_modes_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("refresh_token", document.GetProperty("grant_types_supported").EnumerateArray().Select(e => e.GetString()));
    }
}
