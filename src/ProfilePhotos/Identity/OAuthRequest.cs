using System.Text;
using ProfilePhotos.Graph;
using ProfilePhotos.Principals.Users;

namespace ProfilePhotos.Identity;

/// <summary>What the token, device code and authorize endpoints read alike: the form, the tenant of the path, the client.</summary>
public static class OAuthRequest
{
    public static async Task<IFormCollection> ReadFormAsync(HttpRequest request)
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

    public static string Required(IFormCollection form, string name) =>
        form[name].FirstOrDefault() is { Length: > 0 } value ? value : throw OAuthError.MissingParameter(name);

    /// <summary>A tenant id, or the identity platform's aliases (null: the client's own tenant); a tenant exists once an application or a user names it.</summary>
    public static async Task<Guid?> ResolveTenantAsync(string tenant, ApplicationRegistry applications, IUserStore users, CancellationToken cancellationToken)
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

    /// <summary>The application, which must belong to the tenant of the path (or to any, for the aliases).</summary>
    public static async Task<RegisteredApplication> FindClientAsync(string clientId, string tenant, ApplicationRegistry applications, IUserStore users, CancellationToken cancellationToken)
    {
        var tenantId = await ResolveTenantAsync(tenant, applications, users, cancellationToken);
        var application = await applications.FindAsync(clientId, cancellationToken);
        return application is not null && (tenantId is not { } requested || application.TenantId == requested)
            ? application
            : throw OAuthError.UnknownClient(ClientText.Echo(clientId), ClientText.Echo(tenant));
    }

    /// <summary><c>client_secret_post</c> or <c>client_secret_basic</c>, as the identity platform accepts both.</summary>
    public static (string ClientId, string? Secret) ClientCredentials(HttpRequest request, IFormCollection form)
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

    /// <summary>A confidential client proves itself with its secret (a failure counts against it); a public client has none to prove.</summary>
    public static void AuthenticateClient(string? secret, RegisteredApplication application)
    {
        if (application.PublicClient)
        {
            return;
        }

        if (string.IsNullOrEmpty(secret))
        {
            throw new OAuthError(401, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
        }

        if (!application.SecretMatches(secret))
        {
            throw OAuthError.InvalidClientSecret(application.ClientId);
        }
    }
}
