using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace ProfilePhotos.Tests.Infrastructure;

public sealed record TestUser(Guid Id, Guid TenantId, string UserPrincipalName, string Password);

/// <summary>Talks to the service the way a client would: tokens from its issuer, JSON over HTTP.</summary>
public sealed class GraphClient(HttpClient http)
{
    public const string TestPassword = "Corr3ct-Horse-Battery";
    private readonly ConcurrentDictionary<string, Task<string>> appTokens = new();

    public HttpClient Http => http;

    public Task<HttpResponseMessage> RequestTokenAsync(string tenant, IEnumerable<KeyValuePair<string, string>> form) =>
        http.PostAsync($"/{tenant}/oauth2/v2.0/token", new FormUrlEncodedContent(form));

    /// <summary>An application token (client credentials), fetched once per application.</summary>
    public Task<string> AppTokenAsync(TestApplication app) => appTokens.GetOrAdd(app.ClientId, async _ =>
    {
        using var response = await RequestTokenAsync(app.TenantId.ToString(), new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = app.ClientId,
            ["client_secret"] = app.Secret!,
            ["scope"] = "https://graph.microsoft.com/.default",
        });
        return await AccessTokenAsync(response);
    });

    /// <summary>A delegated token (password grant) for a user, through the public client of its tenant.</summary>
    public async Task<string> UserTokenAsync(TestUser user, string scope, TestApplication? app = null)
    {
        app ??= user.TenantId == TestApplication.TenantA ? TestApplication.PublicA
            : user.TenantId == TestApplication.TenantB ? TestApplication.AdminB
            : TestApplication.ConsumerAdmin;
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = app.ClientId,
            ["username"] = user.UserPrincipalName,
            ["password"] = user.Password,
            ["scope"] = scope,
        };
        if (app.Secret is not null)
        {
            form["client_secret"] = app.Secret;
        }

        using var response = await RequestTokenAsync(user.TenantId.ToString(), form);
        return await AccessTokenAsync(response);
    }

    /// <summary>
    /// Creates a user through the Graph API with an administrator application of the tenant, or
    /// with the token given (one another node issued, say).
    /// </summary>
    public async Task<TestUser> CreateUserAsync(TestApplication? admin = null, bool enabled = true, string? userPrincipalName = null, string? token = null)
    {
        admin ??= TestApplication.AdminA;
        userPrincipalName ??= $"user-{Guid.NewGuid():N}@contoso.com";
        using var response = await SendAsync(HttpMethod.Post, "/v1.0/users", token ?? await AppTokenAsync(admin), NewUser(userPrincipalName, enabled));
        var json = await ReadJsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"creating {userPrincipalName}: {(int)response.StatusCode} {json}");
        return new TestUser(Guid.Parse(json.GetProperty("id").GetString()!), admin.TenantId, userPrincipalName, TestPassword);
    }

    /// <summary>The body of a user creation, as Graph documents it.</summary>
    public static object NewUser(string userPrincipalName, bool enabled = true, string displayName = "Test User", string? mailNickname = null) => new
    {
        accountEnabled = enabled,
        displayName,
        mailNickname = mailNickname ?? userPrincipalName.Split('@')[0],
        userPrincipalName,
        passwordProfile = new { password = TestPassword },
    };

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, object? json = null, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        request.Content = content ?? (json is null ? null : JsonContent.Create(json));
        return await http.SendAsync(request);
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<string> AccessTokenAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"token request failed: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }
}
