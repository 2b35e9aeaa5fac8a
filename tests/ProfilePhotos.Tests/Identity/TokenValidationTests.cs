using System.Net;
using ProfilePhotos.Tests.Infrastructure;

namespace ProfilePhotos.Tests.Identity;

/// <summary>Every way a bearer token can be wrong answers 401 InvalidAuthenticationToken, in the envelope, with a challenge.</summary>
public sealed class TokenValidationTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    private const string ProtectedPath = "/v1.0/users";

    public static TheoryData<string> ProtectedEndpoints => new()
    {
        "GET /v1.0/users",
        "POST /v1.0/users",
        "GET /v1.0/users/alice@contoso.com",
        "DELETE /v1.0/users/00000000-0000-0000-0000-000000000001",
        "GET /v1.0/me",
        "GET /v1.0/me/contacts",
        "GET /v1.0/users/alice@contoso.com/contactFolders",
        "GET /v1.0/groups",
        "POST /v1.0/groups/00000000-0000-0000-0000-000000000001/owners/$ref",
    };

    [Theory]
    [MemberData(nameof(ProtectedEndpoints))]
    public async Task EveryGraphEndpointRequiresAToken(string endpoint)
    {
        var parts = endpoint.Split(' ');
        using var response = await service.Graph.SendAsync(new HttpMethod(parts[0]), parts[1], token: null);
        await AssertUnauthorizedAsync(response);
    }

    [Fact]
    public async Task AValidTokenIsAccepted()
    {
        var forge = await TokenForge.ForAsync(service);
        using var response = await SendAsync(forge.SignWithServiceKey(TokenForge.ApplicationClaims()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AMissingTokenIsRefused()
    {
        using var response = await service.Graph.SendAsync(HttpMethod.Get, ProtectedPath, token: null);
        var error = await AssertUnauthorizedAsync(response);
        Assert.Equal("Access token is empty.", error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.e30")]
    public async Task AMalformedTokenIsRefused(string token)
    {
        using var response = await SendAsync(token);
        await AssertUnauthorizedAsync(response);
    }

    [Fact]
    public async Task ANonBearerAuthorizationIsRefused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, ProtectedPath);
        request.Headers.TryAddWithoutValidation("Authorization", "Basic dXNlcjpwYXNz");
        using var response = await service.Graph.Http.SendAsync(request);
        await AssertUnauthorizedAsync(response);
    }

    [Fact]
    public async Task AnUnsignedTokenIsRefused()
    {
        using var response = await SendAsync(TokenForge.Unsigned(TokenForge.ApplicationClaims()));
        await AssertUnauthorizedAsync(response);
    }

    [Fact]
    public async Task AnHmacTokenSignedWithThePublicKeyIsRefused()
    {
        var forge = await TokenForge.ForAsync(service);
        using var response = await SendAsync(forge.SignWithPublicKeyAsHmacSecret(TokenForge.ApplicationClaims()));
        await AssertUnauthorizedAsync(response);
    }

    [Fact]
    public async Task ATokenSignedByAnotherKeyIsRefused()
    {
        var forge = await TokenForge.ForAsync(service);
        using var response = await SendAsync(forge.SignWithForeignKey(TokenForge.ApplicationClaims()));
        await AssertUnauthorizedAsync(response);
    }

    [Fact]
    public async Task AKidThatNamesNoKeyIsRefused()
    {
        var forge = await TokenForge.ForAsync(service);
        using var response = await SendAsync(forge.SignWithServiceKey(TokenForge.ApplicationClaims(), kid: "no-such-key"));
        // The signature itself is good: only the unknown kid can make it fail, and it must.
        await AssertUnauthorizedAsync(response);
    }

    [Fact]
    public async Task AnExpiredTokenIsRefusedOnceTheSkewHasPassed()
    {
        var forge = await TokenForge.ForAsync(service);
        var longAgo = DateTime.UtcNow.AddHours(-2);
        using var response = await SendAsync(forge.SignWithServiceKey(TokenForge.ApplicationClaims(), notBefore: longAgo, expires: DateTime.UtcNow.AddMinutes(-6)));
        var error = await AssertUnauthorizedAsync(response);
        Assert.Contains("expired", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task ATokenExpiredWithinTheFiveMinuteSkewIsStillAccepted()
    {
        var forge = await TokenForge.ForAsync(service);
        using var response = await SendAsync(forge.SignWithServiceKey(
            TokenForge.ApplicationClaims(), notBefore: DateTime.UtcNow.AddHours(-1), expires: DateTime.UtcNow.AddMinutes(-3)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ATokenNotYetValidIsRefused()
    {
        var forge = await TokenForge.ForAsync(service);
        var later = DateTime.UtcNow.AddMinutes(30);
        using var response = await SendAsync(forge.SignWithServiceKey(TokenForge.ApplicationClaims(), notBefore: later, expires: later.AddHours(1)));
        await AssertUnauthorizedAsync(response);
    }

    [Fact]
    public async Task ATokenForAnotherAudienceIsRefused()
    {
        var forge = await TokenForge.ForAsync(service);
        using var response = await SendAsync(forge.SignWithServiceKey(TokenForge.ApplicationClaims(), audience: "https://management.azure.com"));
        var error = await AssertUnauthorizedAsync(response);
        Assert.Contains("audience", error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("https://login.microsoftonline.com/11111111-1111-1111-1111-111111111111/v2.0")]
    [InlineData("http://localhost/22222222-2222-2222-2222-222222222222/v2.0")]
    [InlineData("http://localhost/11111111-1111-1111-1111-111111111111")]
    public async Task ATokenFromAnotherIssuerIsRefused(string issuer)
    {
        var forge = await TokenForge.ForAsync(service);
        using var response = await SendAsync(forge.SignWithServiceKey(TokenForge.ApplicationClaims(), issuer: issuer));
        var error = await AssertUnauthorizedAsync(response);
        Assert.Contains("issuer", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task ATokenWithoutATenantIsRefused()
    {
        var forge = await TokenForge.ForAsync(service);
        var claims = TokenForge.ApplicationClaims();
        claims.Remove("tid");
        using var response = await SendAsync(forge.SignWithServiceKey(claims));
        await AssertUnauthorizedAsync(response);
    }

    [Fact]
    public async Task ATamperedPayloadBreaksTheSignature()
    {
        var token = await service.Graph.AppTokenAsync(TestApplication.ReaderA);
        var parts = token.Split('.');
        var payload = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(parts[1]).Replace("\"User.Read.All\"", "\"User.ReadWrite.All\"", StringComparison.Ordinal);
        var tampered = $"{parts[0]}.{Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(payload)}.{parts[2]}";
        Assert.NotEqual(token, tampered);
        using var response = await SendAsync(tampered);
        await AssertUnauthorizedAsync(response);
    }

    [Fact]
    public async Task AValidatedTokenIsStillCheckedForItsIssuerOnEveryRequest()
    {
        // Validations are remembered; the issuer, which depends on the address, is checked each time.
        var token = await service.Graph.AppTokenAsync(TestApplication.AdminA);
        using var first = await SendAsync(token);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Get, ProtectedPath);
        request.Headers.Authorization = new("Bearer", token);
        request.Headers.Host = "another-host.example";
        using var elsewhere = await service.Graph.Http.SendAsync(request);
        var error = await AssertUnauthorizedAsync(elsewhere);
        Assert.Contains("issuer", error.GetProperty("message").GetString());

        using var again = await SendAsync(token);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    private Task<HttpResponseMessage> SendAsync(string token) => service.Graph.SendAsync(HttpMethod.Get, ProtectedPath, token);

    private static async Task<System.Text.Json.JsonElement> AssertUnauthorizedAsync(HttpResponseMessage response)
    {
        var error = await GraphAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "InvalidAuthenticationToken");
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString());
        return error;
    }
}
