using System.Net;
using ProfilePhotos.Tests.Infrastructure;

namespace ProfilePhotos.Tests.Graph;

public sealed class BrowserAccessTests : IAsyncLifetime
{
    private readonly ServiceFixture service = new([new("Cors:AllowedOrigins:0", "http://localhost:3000")]);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await service.DisposeAsync();

    private async Task<HttpResponseMessage> PreflightAsync(string origin, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "PUT");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,client-request-id");
        return await service.Graph.Http.SendAsync(request);
    }

    [Fact]
    public async Task AnAllowedOriginGetsItsPreflightAndReadsTheGraphHeaders()
    {
        using var preflight = await PreflightAsync("http://localhost:3000", "/v1.0/me/photo/$value");
        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal("http://localhost:3000", preflight.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("PUT", preflight.Headers.GetValues("Access-Control-Allow-Methods").Single());
        Assert.Contains("authorization", preflight.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1.0/users");
        request.Headers.Add("Origin", "http://localhost:3000");
        request.Headers.Authorization = new("Bearer", await service.Graph.AppTokenAsync(TestApplication.AdminA));
        using var actual = await service.Graph.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, actual.StatusCode);
        var exposed = actual.Headers.GetValues("Access-Control-Expose-Headers").Single().Split(',').Select(h => h.Trim()).ToList();
        Assert.Subset(exposed.ToHashSet(StringComparer.OrdinalIgnoreCase), new HashSet<string>(["request-id", "client-request-id", "ETag", "Retry-After", "Location"], StringComparer.OrdinalIgnoreCase));

        // Errors carry the CORS headers too, so the app can read the envelope.
        using var unauthorized = new HttpRequestMessage(HttpMethod.Get, "/v1.0/users");
        unauthorized.Headers.Add("Origin", "http://localhost:3000");
        using var refused = await service.Graph.Http.SendAsync(unauthorized);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("http://localhost:3000", refused.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task AnOriginNotConfiguredGetsNoCorsHeaders()
    {
        using var preflight = await PreflightAsync("http://evil.example", "/v1.0/users");
        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task ByDefaultNoOriginIsAllowed()
    {
        await using var plain = new ServiceFixture();
        using var request = new HttpRequestMessage(HttpMethod.Options, "/v1.0/users");
        request.Headers.Add("Origin", "http://localhost:3000");
        request.Headers.Add("Access-Control-Request-Method", "GET");
        using var response = await plain.Graph.Http.SendAsync(request);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }
}
