using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ProfilePhotos.Principals.Users;

namespace ProfilePhotos.Identity;

/// <summary>Signs access tokens with the claims the Microsoft identity platform puts in Graph tokens.</summary>
public sealed class TokenIssuer(SigningKeyStore keys, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    private readonly JsonWebTokenHandler handler = new() { SetDefaultTimesOnTokenCreation = false };

    public string IssueForApplication(string issuer, RegisteredApplication application) =>
        Issue(issuer, application, application.ObjectId, "app", new Dictionary<string, object>
        {
            [ClaimNames.Roles] = application.ApplicationPermissions.Order(StringComparer.Ordinal).ToArray(),
        });

    public string IssueForUser(string issuer, RegisteredApplication application, UserRecord user, IEnumerable<string> scopes) =>
        Issue(issuer, application, user.Id, "user", new Dictionary<string, object>
        {
            [ClaimNames.Scope] = string.Join(' ', scopes),
            [ClaimNames.UserPrincipalName] = user.UserPrincipalName,
            ["preferred_username"] = user.UserPrincipalName,
            ["name"] = user.DisplayName,
        });

    private string Issue(string issuer, RegisteredApplication application, Guid objectId, string identityType, Dictionary<string, object> claims)
    {
        var now = time.GetUtcNow().UtcDateTime;
        claims[ClaimNames.TenantId] = application.TenantId.ToString("D");
        claims[ClaimNames.ObjectId] = objectId.ToString("D");
        claims["sub"] = objectId.ToString("D");
        claims["appid"] = application.ClientId;
        claims["azp"] = application.ClientId;
        claims[ClaimNames.IdentityType] = identityType;
        claims["ver"] = "2.0";
        claims["uti"] = Base64UrlEncoder.Encode(Guid.NewGuid().ToByteArray());
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = GraphAuthentication.GraphAudiences[0],
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            Claims = claims,
            SigningCredentials = keys.SigningCredentials,
            TokenType = "JWT",
        });
    }
}
