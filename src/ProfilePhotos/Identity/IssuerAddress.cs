using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ProfilePhotos.Identity;

/// <summary>The embedded issuer's addresses, shaped like the Microsoft identity platform's v2 endpoint.</summary>
public static class IssuerAddress
{
    /// <summary>
    /// The base tokens and discovery documents name: configured, else where the request came (MSAL
    /// refuses a discovery document whose issuer is not at the address it asked).
    /// </summary>
    public static string Base(HttpRequest request, IdentityOptions options) =>
        options.IssuerBaseUrl is { } configured
            ? configured.ToString().TrimEnd('/')
            : $"{request.Scheme}://{request.Host}{request.PathBase}";

    public static string Issuer(string baseUrl, Guid tenantId) => $"{baseUrl}/{tenantId:D}/v2.0";

    /// <summary>
    /// Whether <paramref name="issuer"/> is this deployment's issuer for the tenant, at any address
    /// it answers at: the configured base, the address of this request, and the listening ports of
    /// this process under this request's host or a loopback name. So a token minted at
    /// http://localhost:5000 is accepted at https://localhost:5001 and http://127.0.0.1:5000.
    /// </summary>
    public static bool IsOurs(string issuer, Guid tenantId, HttpRequest request, IdentityOptions options, IServer? server)
    {
        var suffix = $"/{tenantId:D}/v2.0";
        if (!issuer.EndsWith(suffix, StringComparison.Ordinal) || !Uri.TryCreate(issuer[..^suffix.Length], UriKind.Absolute, out var candidate))
        {
            return false;
        }

        var named = issuer[..^suffix.Length];
        if (named == Base(request, options) || named == $"{request.Scheme}://{request.Host}{request.PathBase}")
        {
            return true;
        }

        if (candidate.AbsolutePath != (request.PathBase.HasValue ? request.PathBase.Value : "/")
            || !(candidate.IsLoopback || string.Equals(candidate.Host, request.Host.Host, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        var listening = server?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        return listening.Any(address => Uri.TryCreate(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal), UriKind.Absolute, out var bound)
            && bound.Scheme == candidate.Scheme && bound.Port == candidate.Port);
    }
}
