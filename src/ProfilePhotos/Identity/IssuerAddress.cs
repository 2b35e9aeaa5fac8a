namespace ProfilePhotos.Identity;

/// <summary>The embedded issuer's addresses, shaped like the Microsoft identity platform's v2 endpoint.</summary>
public static class IssuerAddress
{
    /// <summary>The base tokens and discovery documents name: configured, else where the request came.</summary>
    public static string Base(HttpRequest request, IdentityOptions options) =>
        options.IssuerBaseUrl is { } configured
            ? configured.ToString().TrimEnd('/')
            : $"{request.Scheme}://{request.Host}{request.PathBase}";

    public static string Issuer(string baseUrl, Guid tenantId) => $"{baseUrl}/{tenantId:D}/v2.0";
}
