using System.Net;
using System.Text.Json;
using ProfilePhotos.Tests.Infrastructure;

namespace ProfilePhotos.Tests.Identity;

/// <summary>Brute force against the token endpoint: after N failures a minute, 429 with Retry-After.</summary>
public sealed class SignInThrottleTests : IAsyncLifetime
{
    private readonly ServiceFixture service = new([new("Identity:FailedSignInsPerMinute", "3")]);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await service.DisposeAsync();

    private Task<HttpResponseMessage> ClientCredentialsAsync(TestApplication app, string secret) =>
        service.Graph.RequestTokenAsync(app.TenantId.ToString(), new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = app.ClientId,
            ["client_secret"] = secret,
            ["scope"] = "https://graph.microsoft.com/.default",
        });

    private Task<HttpResponseMessage> PasswordAsync(TestUser user, string password) =>
        service.Graph.RequestTokenAsync(user.TenantId.ToString(), new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = TestApplication.PublicA.ClientId,
            ["username"] = user.UserPrincipalName,
            ["password"] = password,
            ["scope"] = "User.Read",
        });

    private static async Task AssertThrottledAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.InRange(response.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("temporarily_unavailable", body.GetProperty("error").GetString());
        Assert.False(body.TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task AClientGuessingSecretsIsStoppedEvenWithTheRightOneAndOthersAreNot()
    {
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await ClientCredentialsAsync(TestApplication.ReaderA, $"guess-{i}");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using (var blocked = await ClientCredentialsAsync(TestApplication.ReaderA, TestApplication.ReaderA.Secret!))
        {
            await AssertThrottledAsync(blocked);
        }

        using var other = await ClientCredentialsAsync(TestApplication.NoRolesA, TestApplication.NoRolesA.Secret!);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task AUserWhosePasswordIsGuessedIsStoppedAndOtherUsersAreNot()
    {
        var victim = await service.Graph.CreateUserAsync();
        var bystander = await service.Graph.CreateUserAsync();
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await PasswordAsync(victim, $"guess-{i}-password");
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        }

        using (var blocked = await PasswordAsync(victim, victim.Password))
        {
            await AssertThrottledAsync(blocked);
        }

        using var fine = await PasswordAsync(bystander, bystander.Password);
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
    }
}
