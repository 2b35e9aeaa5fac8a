using System.Text;
using Microsoft.Extensions.Options;
using ProfilePhotos.Graph;
using ProfilePhotos.Principals.Users;

namespace ProfilePhotos.Identity;

/// <summary>
/// <c>POST /{tenant}/oauth2/v2.0/token</c>: the client credentials and password grants, with the
/// identity platform's answers and errors.
/// </summary>
public static class TokenEndpoint
{
    private const string GraphResource = "https://graph.microsoft.com/";
    private static readonly HashSet<string> OpenIdScopes = new(StringComparer.OrdinalIgnoreCase) { "openid", "profile", "offline_access", "email" };

    public static async Task<IResult> HandleAsync(
        string tenant,
        HttpContext context,
        ApplicationRegistry applications,
        IUserStore users,
        TokenIssuer issuer,
        SignInThrottle throttle,
        IOptions<IdentityOptions> options)
    {
        try
        {
            var form = await ReadFormAsync(context.Request);
            var tenantId = await ResolveTenantAsync(tenant, applications, users, context.RequestAborted);
            var (clientId, secret) = ClientCredentials(context.Request, form);
            var application = await applications.FindAsync(clientId, context.RequestAborted);
            if (application is null || (tenantId is { } requested && application.TenantId != requested))
            {
                throw OAuthError.UnknownClient(ClientText.Echo(clientId), ClientText.Echo(tenant));
            }

            var issuerName = IssuerAddress.Issuer(IssuerAddress.Base(context.Request, options.Value), application.TenantId);
            var grantType = Required(form, "grant_type");
            var userKey = form["username"].FirstOrDefault() is { Length: > 0 } userName ? SignInThrottle.UserKey(application.TenantId, userName) : null;
            if (throttle.Blocked([SignInThrottle.ClientKey(clientId), .. userKey is null ? Array.Empty<string>() : [userKey]]) is { } wait)
            {
                throw new OAuthError(429, "temporarily_unavailable", 50196, "Too many failed sign-in attempts. Retry after the time in the Retry-After header.") { RetryAfter = wait };
            }

            var (token, scope) = grantType switch
            {
                "client_credentials" => ClientCredentialsGrant(form, application, secret, issuer, issuerName),
                "password" => await PasswordGrantAsync(form, application, secret, users, issuer, issuerName, context.RequestAborted),
                _ => throw new OAuthError(400, "unsupported_grant_type", 70003, $"The app requested an unsupported grant type '{ClientText.Echo(grantType)}'."),
            };

            context.Response.Headers.CacheControl = "no-store, no-cache";
            context.Response.Headers.Pragma = "no-cache";
            var lifetime = (int)TokenIssuer.Lifetime.TotalSeconds - 1;
            return TypedResults.Json(new TokenResponse("Bearer", scope, lifetime, lifetime, token));
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

    private static (string Token, string Scope) ClientCredentialsGrant(
        IFormCollection form, RegisteredApplication application, string? secret, TokenIssuer issuer, string issuerName)
    {
        // A public client has no secret to prove: it cannot act as itself.
        AuthenticateClient(application.PublicClient ? null : secret, application);
        var scope = Required(form, "scope").Trim();
        if (!string.Equals(scope, GraphResource + ".default", StringComparison.OrdinalIgnoreCase)
            && !string.Equals(scope, GraphAuthentication.GraphAudiences[1] + "/.default", StringComparison.OrdinalIgnoreCase))
        {
            throw OAuthError.InvalidScope(
                $"The provided value for scope {ClientText.Echo(scope)} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI), such as {GraphResource}.default.");
        }

        return (issuer.IssueForApplication(issuerName, application), GraphResource + ".default");
    }

    private static async Task<(string Token, string Scope)> PasswordGrantAsync(
        IFormCollection form, RegisteredApplication application, string? secret, IUserStore users, TokenIssuer issuer, string issuerName, CancellationToken cancellationToken)
    {
        if (!application.PublicClient)
        {
            AuthenticateClient(secret, application);
        }

        var scopes = DelegatedScopes(Required(form, "scope"), application);
        var userName = Required(form, "username");
        var password = Required(form, "password");
        var user = await users.FindByPrincipalNameAsync(application.TenantId, userName, cancellationToken);
        if (user is null || !PasswordHashing.Verify(user, await users.GetPasswordHashAsync(user.TenantId, user.Id, cancellationToken), password))
        {
            throw OAuthError.InvalidCredentials(application.TenantId, userName);
        }

        if (!user.AccountEnabled)
        {
            throw OAuthError.InvalidGrant(50057, "The user account is disabled.");
        }

        return (issuer.IssueForUser(issuerName, application, user, scopes), string.Join(' ', scopes.Select(s => GraphResource + s)));
    }

    /// <summary>A confidential client proves itself with its secret; a failure counts against it.</summary>
    private static void AuthenticateClient(string? secret, RegisteredApplication application)
    {
        if (string.IsNullOrEmpty(secret))
        {
            throw new OAuthError(401, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
        }

        if (!application.SecretMatches(secret))
        {
            throw OAuthError.InvalidClientSecret(application.ClientId);
        }
    }

    /// <summary>Graph scopes named by a request, with or without the resource prefix; <c>.default</c> is all the client may have.</summary>
    private static List<string> DelegatedScopes(string requested, RegisteredApplication application)
    {
        var scopes = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in requested.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = item.StartsWith(GraphResource, StringComparison.OrdinalIgnoreCase) ? item[GraphResource.Length..] : item;
            if (OpenIdScopes.Contains(name))
            {
                continue;
            }

            if (name == ".default")
            {
                scopes.UnionWith(application.DelegatedPermissions);
            }
            else if (!Permissions.Delegated.TryGetValue(name, out var canonical))
            {
                throw OAuthError.InvalidScope($"The provided value for the input parameter 'scope' is not valid. The scope '{ClientText.Echo(name)}' does not exist.");
            }
            else if (!application.DelegatedPermissions.Contains(canonical))
            {
                throw OAuthError.InvalidGrant(65001, $"The user or administrator has not consented to use the application with ID '{application.ClientId}' for the scope '{canonical}'.");
            }
            else
            {
                scopes.Add(canonical);
            }
        }

        if (scopes.Count == 0)
        {
            throw OAuthError.InvalidScope("The provided value for the input parameter 'scope' is not valid: it names no Microsoft Graph permission.");
        }

        return [.. scopes];
    }

    private static async Task<IFormCollection> ReadFormAsync(HttpRequest request)
    {
        if (!request.HasFormContentType)
        {
            throw OAuthError.InvalidRequest(900144, "The request body must be form encoded (application/x-www-form-urlencoded) and contain the parameter 'grant_type'.");
        }

        try
        {
            return await request.ReadFormAsync(request.HttpContext.RequestAborted);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
        {
            throw OAuthError.InvalidRequest(900144, "The request body is not a valid form.");
        }
    }

    /// <summary>A tenant id, or the identity platform's aliases; a tenant exists once an application or a user names it.</summary>
    private static async Task<Guid?> ResolveTenantAsync(string tenant, ApplicationRegistry applications, IUserStore users, CancellationToken cancellationToken)
    {
        if (tenant.Equals("organizations", StringComparison.OrdinalIgnoreCase) || tenant.Equals("common", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var id = tenant.Equals("consumers", StringComparison.OrdinalIgnoreCase) ? Caller.ConsumerTenantId
            : Guid.TryParse(tenant, out var parsed) ? parsed : Guid.Empty;
        if (id == Guid.Empty || !(await applications.TenantExistsAsync(id, cancellationToken) || await users.TenantHasUsersAsync(id, cancellationToken)))
        {
            throw new OAuthError(400, "invalid_tenant", 90002, $"Tenant '{ClientText.Echo(tenant)}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.");
        }

        return id;
    }

    /// <summary><c>client_secret_post</c> or <c>client_secret_basic</c>, as the identity platform accepts both.</summary>
    private static (string ClientId, string? Secret) ClientCredentials(HttpRequest request, IFormCollection form)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    return (Uri.UnescapeDataString(decoded[..colon]), Uri.UnescapeDataString(decoded[(colon + 1)..]));
                }
            }
            catch (FormatException)
            {
            }

            throw new OAuthError(401, "invalid_client", 7000216, "The Authorization header does not carry Basic client credentials.");
        }

        return (Required(form, "client_id"), form["client_secret"].FirstOrDefault());
    }

    private static string Required(IFormCollection form, string name) =>
        form[name].FirstOrDefault() is { Length: > 0 } value ? value : throw OAuthError.MissingParameter(name);

    private sealed record TokenResponse(
        [property: System.Text.Json.Serialization.JsonPropertyName("token_type")] string TokenType,
        [property: System.Text.Json.Serialization.JsonPropertyName("scope")] string Scope,
        [property: System.Text.Json.Serialization.JsonPropertyName("expires_in")] int ExpiresIn,
        [property: System.Text.Json.Serialization.JsonPropertyName("ext_expires_in")] int ExtExpiresIn,
        [property: System.Text.Json.Serialization.JsonPropertyName("access_token")] string AccessToken);
}
