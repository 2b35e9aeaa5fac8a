using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using ProfilePhotos.Graph;
using ProfilePhotos.Principals.Users;

namespace ProfilePhotos.Identity;

/// <summary>
/// <c>POST /{tenant}/oauth2/v2.0/token</c>: the client credentials grant and the user grants
/// (<see cref="UserGrants"/>), with the identity platform's answers and errors.
/// </summary>
public static class TokenEndpoint
{
    public const string DeviceCodeGrant = "urn:ietf:params:oauth:grant-type:device_code";

    public static async Task<IResult> HandleAsync(
        string tenant,
        HttpContext context,
        ApplicationRegistry applications,
        IUserStore users,
        UserGrants userGrants,
        TokenIssuer issuer,
        SignInThrottle throttle,
        IOptions<IdentityOptions> options)
    {
        try
        {
            var form = await OAuthRequest.ReadFormAsync(context.Request);
            var (clientId, secret) = OAuthRequest.ClientCredentials(context.Request, form);
            var application = await OAuthRequest.FindClientAsync(clientId, tenant, applications, users, context.RequestAborted);
            var grantType = OAuthRequest.Required(form, "grant_type");
            var userKey = form["username"].FirstOrDefault() is { Length: > 0 } userName ? SignInThrottle.UserKey(application.TenantId, userName) : null;
            if (throttle.Blocked([SignInThrottle.ClientKey(clientId), .. userKey is null ? Array.Empty<string>() : [userKey]]) is { } wait)
            {
                throw new OAuthError(429, "temporarily_unavailable", 50196, "Too many failed sign-in attempts. Retry after the time in the Retry-After header.") { RetryAfter = wait };
            }

            var issuerName = IssuerAddress.Issuer(IssuerAddress.Base(context.Request, options.Value), application.TenantId);
            if (grantType == "client_credentials")
            {
                // A public client has no secret to prove: it cannot act as itself.
                OAuthRequest.AuthenticateClient(application.PublicClient ? null : secret, application with { PublicClient = false });
            }
            else
            {
                OAuthRequest.AuthenticateClient(secret, application);
            }

            var cancellationToken = context.RequestAborted;
            var answer = grantType switch
            {
                "client_credentials" => ClientCredentialsGrant(form, application, issuer, issuerName),
                "password" => await userGrants.PasswordAsync(form, application, issuerName, cancellationToken),
                "authorization_code" => await userGrants.AuthorizationCodeAsync(form, application, issuerName, cancellationToken),
                "refresh_token" => await userGrants.RefreshAsync(form, application, issuerName, cancellationToken),
                // msal-node polls with the short name as well as the URN.
                DeviceCodeGrant or "device_code" => await userGrants.DeviceCodeAsync(form, application, issuerName, cancellationToken),
                _ => throw new OAuthError(400, "unsupported_grant_type", 70003, $"The app requested an unsupported grant type '{ClientText.Echo(grantType)}'."),
            };

            context.Response.Headers.CacheControl = "no-store, no-cache";
            context.Response.Headers.Pragma = "no-cache";
            return TypedResults.Json(answer);
        }
        catch (OAuthError error)
        {
            if (error.FailureKey is { } key)
            {
                throttle.RecordFailure(key);
            }

            return error.ToResult(context);
        }
    }

    private static TokenAnswer ClientCredentialsGrant(IFormCollection form, RegisteredApplication application, TokenIssuer issuer, string issuerName)
    {
        var scope = OAuthRequest.Required(form, "scope").Trim();
        if (!string.Equals(scope, ScopeRequest.GraphResource + ".default", StringComparison.OrdinalIgnoreCase)
            && !string.Equals(scope, GraphAuthentication.GraphAudiences[1] + "/.default", StringComparison.OrdinalIgnoreCase))
        {
            throw OAuthError.InvalidScope(
                $"The provided value for scope {ClientText.Echo(scope)} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI), such as {ScopeRequest.GraphResource}.default.");
        }

        var lifetime = (int)TokenIssuer.Lifetime.TotalSeconds - 1;
        return new TokenAnswer("Bearer", ScopeRequest.GraphResource + ".default", lifetime, lifetime, issuer.IssueForApplication(issuerName, application));
    }
}

/// <summary>The token endpoint's answer, as the identity platform writes it; the optional members only when they apply.</summary>
public sealed record TokenAnswer(
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("scope")] string Scope,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("ext_expires_in")] int ExtExpiresIn,
    [property: JsonPropertyName("access_token")] string AccessToken)
{
    [JsonPropertyName("refresh_token"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RefreshToken { get; init; }

    [JsonPropertyName("id_token"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? IdToken { get; init; }

    [JsonPropertyName("client_info"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ClientInfo { get; init; }
}
