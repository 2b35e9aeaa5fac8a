using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Cors.Infrastructure;

namespace ProfilePhotos.Identity;

/// <summary>
/// CORS as the identity platform answers it: its public documents (discovery, keys, user realm)
/// to any origin, and the token and device code endpoints to the origins of public clients'
/// registered redirect addresses (single-page apps redeem codes and refresh tokens from the
/// browser). Every other path keeps the service's own policy (<c>Cors:AllowedOrigins</c>).
/// </summary>
public sealed partial class IdentityCors(ApplicationRegistry applications, DefaultCorsPolicyProvider fallback) : ICorsPolicyProvider
{
    private static readonly CorsPolicy PublicDocuments = new CorsPolicyBuilder().AllowAnyOrigin().WithMethods("GET").AllowAnyHeader().Build();

    private readonly Lazy<CorsPolicy> browserApps = new(() =>
    {
        var origins = applications.Configured.Where(a => a.PublicClient)
            .SelectMany(a => a.RedirectUris).Select(RedirectUri.OriginOf).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        return new CorsPolicyBuilder().WithOrigins(origins).WithMethods("POST").AllowAnyHeader()
            .WithExposedHeaders("Retry-After").SetPreflightMaxAge(TimeSpan.FromHours(1)).Build();
    });

    public Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName)
    {
        var path = context.Request.Path.Value ?? "";
        return TokenPaths().IsMatch(path) ? Task.FromResult<CorsPolicy?>(browserApps.Value)
            : DocumentPaths().IsMatch(path) ? Task.FromResult<CorsPolicy?>(PublicDocuments)
            : fallback.GetPolicyAsync(context, policyName);
    }

    [GeneratedRegex(@"^/[^/]+/oauth2/v2\.0/(token|devicecode)$", RegexOptions.IgnoreCase)]
    private static partial Regex TokenPaths();

    [GeneratedRegex(@"^(/[^/]+/v2\.0/\.well-known/openid-configuration|/[^/]+/discovery/v2\.0/keys|/common/userrealm/[^/]+)$", RegexOptions.IgnoreCase)]
    private static partial Regex DocumentPaths();
}
