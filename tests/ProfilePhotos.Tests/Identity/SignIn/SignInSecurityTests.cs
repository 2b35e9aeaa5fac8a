using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ProfilePhotos.Tests.Infrastructure;

namespace ProfilePhotos.Tests.Identity.SignIn;

/// <summary>The service with a clock the test moves, for what only time shows (a code that expires).</summary>
public sealed class ClockedServiceFixture : ServiceFixture
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

/// <summary>
/// What an attacker tries against sign-in, each refused as the identity platform refuses it: an
/// unregistered or look-alike redirect address (never redirected to), a code without or with the
/// wrong PKCE verifier, a replayed or expired code, a reused refresh token, a forged form post,
/// a user of another tenant.
/// </summary>
public sealed class SignInSecurityTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    private const string Redirect = "http://localhost:3000/";

    [Theory]
    [InlineData("http://localhost:3000/evil")]
    [InlineData("http://localhost:3000.evil.example/")]
    [InlineData("http://localhost:3000/?next=https://evil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("javascript:alert(1)")]
    [InlineData("")]
    public async Task AnUnregisteredRedirectAddressIsShownAnErrorAndNeverRedirectedTo(string redirect)
    {
        using var browser = new SignInBrowser(service);
        using var response = await browser.GetAsync(SignInBrowser.AuthorizeUrl(TestApplication.SpaA, redirect, SignInBrowser.Pkce().Challenge));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("AADSTS50011", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task APublicClientWithoutPkceIsAnsweredWithAnErrorAtItsAddress()
    {
        using var browser = new SignInBrowser(service);
        using var response = await browser.GetAsync(SignInBrowser.AuthorizeUrl(TestApplication.SpaA, Redirect, challenge: null));
        var answer = await SignInBrowser.AnswerAsync(response);
        Assert.Equal("invalid_request", answer["error"]);
        Assert.StartsWith("AADSTS9002325", answer["error_description"], StringComparison.Ordinal);
        Assert.Equal("st-1", answer["state"]);
    }

    [Fact]
    public async Task ACodeRedeemsOnlyWithItsVerifierOnlyOnceAndAReplayRevokesWhatItGave()
    {
        var (code, verifier) = await SignInAsync();
        await AssertRefusedAsync(await RedeemAsync(code, null), "invalid_request", 900144);

        var (fresh, freshVerifier) = await SignInAsync();
        await AssertRefusedAsync(await RedeemAsync(fresh, SignInBrowser.Pkce().Verifier), "invalid_grant", 50148);

        var (good, goodVerifier) = await SignInAsync();
        using var first = await RedeemAsync(good, goodVerifier);
        var refresh = (await GraphAssert.OkJsonAsync(first)).GetProperty("refresh_token").GetString()!;
        await AssertRefusedAsync(await RedeemAsync(good, goodVerifier), "invalid_grant", 54005);
        // The replay revoked the refresh token the first redemption issued.
        await AssertRefusedAsync(await RefreshAsync(refresh), "invalid_grant", 70000);
        _ = (code, verifier, freshVerifier);
    }

    [Fact]
    public async Task ACodeSentToOneAddressDoesNotRedeemForAnother()
    {
        var (code, verifier) = await SignInAsync();
        await AssertRefusedAsync(await RedeemAsync(code, verifier, "http://localhost:3000/other"), "invalid_grant", 500112);
    }

    [Fact]
    public async Task ARefreshTokenRotatesAndUsingAnOldOneRevokesTheWholeFamily()
    {
        var (code, verifier) = await SignInAsync();
        using var redeemed = await RedeemAsync(code, verifier);
        var first = (await GraphAssert.OkJsonAsync(redeemed)).GetProperty("refresh_token").GetString()!;
        using var rotated = await RefreshAsync(first);
        var second = (await GraphAssert.OkJsonAsync(rotated)).GetProperty("refresh_token").GetString()!;
        Assert.NotEqual(first, second);

        await AssertRefusedAsync(await RefreshAsync(first), "invalid_grant", 70000);
        await AssertRefusedAsync(await RefreshAsync(second), "invalid_grant", 70000);
    }

    [Fact]
    public async Task ARefreshMayAskForFewerScopesButNotForMore()
    {
        var (code, verifier) = await SignInAsync();
        using var redeemed = await RedeemAsync(code, verifier);
        var refresh = (await GraphAssert.OkJsonAsync(redeemed)).GetProperty("refresh_token").GetString()!;
        await AssertRefusedAsync(await RefreshAsync(refresh, "User.ReadWrite.All"), "invalid_grant", 65001);
        using var fewer = await RefreshAsync(refresh, "openid User.Read");
        Assert.Equal("openid https://graph.microsoft.com/User.Read", (await GraphAssert.OkJsonAsync(fewer)).GetProperty("scope").GetString());
    }

    [Fact]
    public async Task AFormPostedWithoutItsAntiforgeryTokenSignsNobodyIn()
    {
        var user = await service.Graph.CreateUserAsync();
        using var browser = new SignInBrowser(service);
        using var page = await browser.GetAsync(SignInBrowser.AuthorizeUrl(TestApplication.SpaA, Redirect, SignInBrowser.Pkce().Challenge));
        using var forged = await browser.SignInAsync(page, user.UserPrincipalName, user.Password,
            tamper: fields => fields.Where(f => !f.Key.StartsWith("__RequestVerificationToken", StringComparison.Ordinal)).ToDictionary());
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Null(forged.Headers.Location);

        // Nor with the token of another browser.
        using var attacker = new SignInBrowser(service);
        using var theirs = await attacker.GetAsync(SignInBrowser.AuthorizeUrl(TestApplication.SpaA, Redirect, SignInBrowser.Pkce().Challenge));
        var stolen = SignInBrowser.HiddenFields(await theirs.Content.ReadAsStringAsync());
        using var page2 = await browser.GetAsync(SignInBrowser.AuthorizeUrl(TestApplication.SpaA, Redirect, SignInBrowser.Pkce().Challenge));
        using var crossed = await browser.SignInAsync(page2, user.UserPrincipalName, user.Password, tamper: fields =>
        {
            foreach (var key in fields.Keys.Where(k => k.StartsWith("__RequestVerificationToken", StringComparison.Ordinal)).ToList())
            {
                fields[key] = stolen[key];
            }

            return fields;
        });
        Assert.Equal(HttpStatusCode.BadRequest, crossed.StatusCode);
    }

    [Fact]
    public async Task AUserOfAnotherTenantCannotSignInToThisTenantsApplication()
    {
        var stranger = await service.Graph.CreateUserAsync(TestApplication.AdminB);
        using var browser = new SignInBrowser(service);
        using var page = await browser.GetAsync(SignInBrowser.AuthorizeUrl(TestApplication.SpaA, Redirect, SignInBrowser.Pkce().Challenge));
        using var refused = await browser.SignInAsync(page, stranger.UserPrincipalName, stranger.Password);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Your account or password is incorrect.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RepeatedWrongPasswordsAreThrottled()
    {
        var user = await service.Graph.CreateUserAsync();
        using var browser = new SignInBrowser(service);
        HttpStatusCode last = default;
        for (var i = 0; i < 11; i++)
        {
            using var page = await browser.GetAsync(SignInBrowser.AuthorizeUrl(TestApplication.SpaA, Redirect, SignInBrowser.Pkce().Challenge));
            using var attempt = await browser.SignInAsync(page, user.UserPrincipalName, "wrong-password");
            last = attempt.StatusCode;
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last);
    }

    internal static Task<(string Code, string Verifier)> SignInAsync(ServiceFixture service) => new SignInSecurityTests(service).SignInAsync();

    internal static Task<HttpResponseMessage> RedeemAsync(ServiceFixture service, string code, string verifier) => new SignInSecurityTests(service).RedeemAsync(code, verifier);

    private async Task<(string Code, string Verifier)> SignInAsync()
    {
        var user = await service.Graph.CreateUserAsync();
        using var browser = new SignInBrowser(service);
        var (verifier, challenge) = SignInBrowser.Pkce();
        using var page = await browser.GetAsync(SignInBrowser.AuthorizeUrl(TestApplication.SpaA, Redirect, challenge));
        using var signedIn = await browser.SignInAsync(page, user.UserPrincipalName, user.Password);
        return ((await SignInBrowser.AnswerAsync(signedIn))["code"], verifier);
    }

    private Task<HttpResponseMessage> RedeemAsync(string code, string? verifier, string redirect = Redirect)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = TestApplication.SpaA.ClientId,
            ["code"] = code,
            ["redirect_uri"] = redirect,
        };
        if (verifier is not null)
        {
            form["code_verifier"] = verifier;
        }

        return service.Graph.RequestTokenAsync(TestApplication.TenantA.ToString(), form);
    }

    private Task<HttpResponseMessage> RefreshAsync(string refreshToken, string? scope = null)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = TestApplication.SpaA.ClientId,
            ["refresh_token"] = refreshToken,
        };
        if (scope is not null)
        {
            form["scope"] = scope;
        }

        return service.Graph.RequestTokenAsync(TestApplication.TenantA.ToString(), form);
    }

    internal static async Task AssertRefusedAsync(HttpResponseMessage response, string error, int aadsts)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"expected 400 {error}, got {(int)response.StatusCode}: {text}");
            var body = System.Text.Json.JsonDocument.Parse(text).RootElement;
            Assert.Equal(error, body.GetProperty("error").GetString());
            Assert.Equal(aadsts, body.GetProperty("error_codes")[0].GetInt32());
        }
    }
}

/// <summary>A code's ten minutes, on a clock the test moves (a fixture of its own: tokens minted after the move would be from the future).</summary>
public sealed class CodeExpiryTests(ClockedServiceFixture service) : IClassFixture<ClockedServiceFixture>
{
    [Fact]
    public async Task ACodeExpiresAfterTenMinutes()
    {
        var (code, verifier) = await SignInSecurityTests.SignInAsync(service);
        service.Clock.Advance(TimeSpan.FromMinutes(11));
        await SignInSecurityTests.AssertRefusedAsync(await SignInSecurityTests.RedeemAsync(service, code, verifier), "invalid_grant", 70008);
    }
}
