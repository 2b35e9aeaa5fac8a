using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ProfilePhotos.Principals.Users;

namespace ProfilePhotos.Identity;

/// <summary>Signs access tokens and id_tokens with the claims the Microsoft identity platform puts in them.</summary>
public sealed class TokenIssuer(SigningKeyStore keys, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    private readonly JsonWebTokenHandler handler = new() { SetDefaultTimesOnTokenCreation = false };

    public string IssueForApplication(string issuer, RegisteredApplication application) =>
        Issue(issuer, GraphAuthentication.GraphAudiences[0], application, application.ObjectId, new Dictionary<string, object>
        {
            [ClaimNames.Roles] = application.ApplicationPermissions.Order(StringComparer.Ordinal).ToArray(),
            [ClaimNames.IdentityType] = "app",
        });

    public string IssueForUser(string issuer, RegisteredApplication application, UserRecord user, string scopes) =>
        Issue(issuer, GraphAuthentication.GraphAudiences[0], application, user.Id, new Dictionary<string, object>
        {
            [ClaimNames.Scope] = scopes,
            [ClaimNames.UserPrincipalName] = user.UserPrincipalName,
            ["preferred_username"] = user.UserPrincipalName,
            ["name"] = user.DisplayName,
            [ClaimNames.IdentityType] = "user",
        });

    /// <summary>
    /// The id_token of a sign-in, for the application itself (<c>aud</c> is its client id), with the
    /// sign-in request's nonce and a <c>sub</c> that is stable per user and application.
    /// </summary>
    public string IssueIdToken(string issuer, RegisteredApplication application, UserRecord user, string? nonce)
    {
        var claims = new Dictionary<string, object>
        {
            ["preferred_username"] = user.UserPrincipalName,
            ["name"] = user.DisplayName,
            ["sub"] = PairwiseSubject(application, user),
        };
        if (!string.IsNullOrEmpty(nonce))
        {
            claims["nonce"] = nonce;
        }

        if (user.Mail is { Length: > 0 } mail)
        {
            claims["email"] = mail;
        }

        return Issue(issuer, application.ClientId, application, user.Id, claims);
    }

    /// <summary>MSAL's account key: base64url of <c>{"uid":oid,"utid":tid}</c> (its home account id is uid.utid).</summary>
    public static string ClientInfo(UserRecord user) =>
        Base64UrlEncoder.Encode(JsonSerializer.Serialize(new Dictionary<string, string> { ["uid"] = user.Id.ToString("D"), ["utid"] = user.TenantId.ToString("D") }));

    private static string PairwiseSubject(RegisteredApplication application, UserRecord user) =>
        Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes($"{user.TenantId:D}/{user.Id:D}/{application.ClientId.ToUpperInvariant()}")));

    private string Issue(string issuer, string audience, RegisteredApplication application, Guid objectId, Dictionary<string, object> claims)
    {
        var now = time.GetUtcNow().UtcDateTime;
        claims[ClaimNames.TenantId] = application.TenantId.ToString("D");
        claims[ClaimNames.ObjectId] = objectId.ToString("D");
        claims.TryAdd("sub", objectId.ToString("D"));
        claims["appid"] = application.ClientId;
        claims["azp"] = application.ClientId;
        claims["ver"] = "2.0";
        claims["uti"] = Base64UrlEncoder.Encode(Guid.NewGuid().ToByteArray());
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            Claims = claims,
            SigningCredentials = keys.SigningCredentials,
            TokenType = "JWT",
        });
    }
}
