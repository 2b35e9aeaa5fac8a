using System.Net;
using System.Text;
using ProfilePhotos.Tests.Infrastructure;

namespace ProfilePhotos.Tests.Graph;

/// <summary>Graph's conventions on every answer: correlation headers, OData JSON, the error envelope.</summary>
public sealed class ConventionsTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    private GraphClient Graph => service.Graph;

    [Fact]
    public async Task EveryResponseCarriesANewRequestIdAndEchoesTheClientRequestId()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1.0/users");
        request.Headers.Authorization = new("Bearer", await Graph.AppTokenAsync(TestApplication.AdminA));
        request.Headers.Add("client-request-id", "my-correlation-42");
        using var response = await Graph.Http.SendAsync(request);

        Assert.Equal("my-correlation-42", response.Headers.GetValues("client-request-id").Single());
        Assert.True(Guid.TryParse(response.Headers.GetValues("request-id").Single(), out _));
        Assert.Equal("4.0", response.Headers.GetValues("OData-Version").Single());
        Assert.Equal(
            System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"),
            response.Content.Headers.ContentType);
    }

    [Fact]
    public async Task WithoutAClientRequestIdTheRequestIdIsEchoed()
    {
        using var a = await Graph.Http.GetAsync("/healthz");
        using var b = await Graph.Http.GetAsync("/healthz");
        var id = a.Headers.GetValues("request-id").Single();
        Assert.Equal(id, a.Headers.GetValues("client-request-id").Single());
        Assert.NotEqual(id, b.Headers.GetValues("request-id").Single());
    }

    [Fact]
    public async Task AClientRequestIdThatCannotBeEchoedSafelyIsReplaced()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        request.Headers.TryAddWithoutValidation("client-request-id", new string('x', 500));
        using var response = await Graph.Http.SendAsync(request);
        Assert.Equal(response.Headers.GetValues("request-id").Single(), response.Headers.GetValues("client-request-id").Single());
    }

    [Theory]
    [InlineData("/v1.0/nothing-here")]
    [InlineData("/v1.0/users/x/unknownSegment")]
    [InlineData("/no/such/route")]
    public async Task AnUnknownRouteIsA404InTheEnvelope(string path)
    {
        using var response = await Graph.SendAsync(HttpMethod.Get, path, await Graph.AppTokenAsync(TestApplication.AdminA));
        await GraphAssert.ErrorAsync(response, HttpStatusCode.NotFound, "NotFound");
    }

    [Theory]
    [InlineData("PUT", "/v1.0/users")]
    [InlineData("PATCH", "/v1.0/groups")]
    [InlineData("POST", "/v1.0/me")]
    public async Task AWrongMethodIsA405InTheEnvelope(string method, string path)
    {
        using var response = await Graph.SendAsync(new HttpMethod(method), path, await Graph.AppTokenAsync(TestApplication.AdminA));
        await GraphAssert.ErrorAsync(response, HttpStatusCode.MethodNotAllowed, "MethodNotAllowed");
    }

    [Theory]
    [InlineData("/V1.0/USERS")]
    [InlineData("/v1.0/Users")]
    public async Task PathSegmentsMatchWithoutRegardToCase(string path)
    {
        using var response = await Graph.SendAsync(HttpMethod.Get, path, await Graph.AppTokenAsync(TestApplication.AdminA));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/v1.0/users", "{\"displayName\": ")]
    [InlineData("/v1.0/groups", "\u0000\u0001binary")]
    [InlineData("/v1.0/me/contacts", "{\"emailAddresses\": 5}")]
    [InlineData("/v1.0/groups", "{\"owners@odata.bind\": [null]}")]
    public async Task MalformedBodiesAreBadRequestsNeverServerErrors(string path, string body)
    {
        var user = await Graph.CreateUserAsync();
        var token = path.StartsWith("/v1.0/me", StringComparison.Ordinal)
            ? await Graph.UserTokenAsync(user, "Contacts.ReadWrite")
            : await Graph.AppTokenAsync(TestApplication.AdminA);
        using var response = await Graph.SendAsync(HttpMethod.Post, path, token, content: new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await GraphAssert.ErrorAsync(response, HttpStatusCode.BadRequest, (await GraphClient.ReadJsonAsync(response)).GetProperty("error").GetProperty("code").GetString()!);
    }

    [Fact]
    public async Task HealthIsReportedWithoutAToken()
    {
        using var response = await Graph.Http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
