using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace ProfilePhotos.Identity;

/// <summary>OpenID Connect discovery and the key set, at the identity platform's v2 paths.</summary>
public static class DiscoveryEndpoints
{
    public static IResult OpenIdConfiguration(string tenant, HttpRequest request, IOptions<IdentityOptions> options)
    {
        var baseUrl = IssuerAddress.Base(request, options.Value);
        // Like the identity platform, an alias tenant (common, organizations) publishes a templated issuer.
        var issuer = Guid.TryParse(tenant, out var id) ? IssuerAddress.Issuer(baseUrl, id) : $"{baseUrl}/{{tenantid}}/v2.0";
        var segment = Uri.EscapeDataString(tenant);
        var oauth = $"{baseUrl}/{segment}/oauth2/v2.0";
        return TypedResults.Json(new OpenIdConfigurationDocument(
            issuer,
            $"{oauth}/token",
            $"{oauth}/authorize",
            $"{oauth}/devicecode",
            $"{oauth}/logout",
            $"{baseUrl}/oidc/userinfo",
            $"{baseUrl}/{segment}/discovery/v2.0/keys",
            ["client_secret_post", "client_secret_basic"],
            ["code"],
            ["query", "fragment", "form_post"],
            ["S256"],
            ["pairwise"],
            ["RS256"],
            ["openid", "profile", "email", "offline_access"],
            ["authorization_code", "refresh_token", TokenEndpoint.DeviceCodeGrant, "client_credentials", "password"],
            ["sub", "iss", "aud", "exp", "iat", "nbf", "nonce", "tid", "oid", "upn", "name", "preferred_username", "email", "scp", "roles", "idtyp"],
            false,
            ServiceHost(request),
            "microsoftonline.com"));
    }

    public static IResult Keys(SigningKeyStore keys) =>
        TypedResults.Json(new KeySet(keys.PublicJwks.Select(jwk => new Key("RSA", "sig", jwk.KeyId, jwk.Alg, jwk.N, jwk.E)).ToArray()));

    private static string ServiceHost(HttpRequest request) => request.Host.Value ?? "localhost";

    private sealed record OpenIdConfigurationDocument(
        [property: JsonPropertyName("issuer")] string Issuer,
        [property: JsonPropertyName("token_endpoint")] string TokenEndpoint,
        [property: JsonPropertyName("authorization_endpoint")] string AuthorizationEndpoint,
        [property: JsonPropertyName("device_authorization_endpoint")] string DeviceAuthorizationEndpoint,
        [property: JsonPropertyName("end_session_endpoint")] string EndSessionEndpoint,
        [property: JsonPropertyName("userinfo_endpoint")] string UserInfoEndpoint,
        [property: JsonPropertyName("jwks_uri")] string JwksUri,
        [property: JsonPropertyName("token_endpoint_auth_methods_supported")] string[] TokenEndpointAuthMethods,
        [property: JsonPropertyName("response_types_supported")] string[] ResponseTypes,
        [property: JsonPropertyName("response_modes_supported")] string[] ResponseModes,
        [property: JsonPropertyName("code_challenge_methods_supported")] string[] CodeChallengeMethods,
        [property: JsonPropertyName("subject_types_supported")] string[] SubjectTypes,
        [property: JsonPropertyName("id_token_signing_alg_values_supported")] string[] SigningAlgorithms,
        [property: JsonPropertyName("scopes_supported")] string[] Scopes,
        [property: JsonPropertyName("grant_types_supported")] string[] GrantTypes,
        [property: JsonPropertyName("claims_supported")] string[] Claims,
        [property: JsonPropertyName("request_uri_parameter_supported")] bool RequestUriParameter,
        [property: JsonPropertyName("msgraph_host")] string GraphHost,
        [property: JsonPropertyName("cloud_instance_name")] string CloudInstanceName);

    private sealed record KeySet([property: JsonPropertyName("keys")] Key[] Keys);

    private sealed record Key(
        [property: JsonPropertyName("kty")] string KeyType,
        [property: JsonPropertyName("use")] string Use,
        [property: JsonPropertyName("kid")] string KeyId,
        [property: JsonPropertyName("alg")] string Algorithm,
        [property: JsonPropertyName("n")] string Modulus,
        [property: JsonPropertyName("e")] string Exponent);
}
