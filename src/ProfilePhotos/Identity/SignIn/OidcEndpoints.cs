using System.Text.Json.Serialization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ProfilePhotos.Principals.Users;

namespace ProfilePhotos.Identity.SignIn;

/// <summary>Sign-out, userinfo, and the user realm MSAL.NET asks about before a username/password sign-in.</summary>
public static class OidcEndpoints
{
    /// <summary>
    /// <c>/{tenant}/oauth2/v2.0/logout</c>: ends this browser's session on every node, then returns
    /// to <c>post_logout_redirect_uri</c> only if the application (client_id, or the audience of a
    /// genuine id_token_hint) registered that very address; anywhere else would be an open redirect.
    /// </summary>
    public static async Task<IResult> LogoutAsync(HttpContext context, SignInSessions sessions, ApplicationRegistry applications, SigningKeyStore keys)
    {
        var query = context.Request.Query;
        await sessions.EndAsync(context);
        var target = query["post_logout_redirect_uri"].FirstOrDefault();
        var clientId = query["client_id"].FirstOrDefault() ?? await AudienceOfAsync(query["id_token_hint"].FirstOrDefault(), keys);
        var application = clientId is null ? null : await applications.FindAsync(clientId, context.RequestAborted);
        if (target is not null && application?.AllowsRedirectTo(target) == true)
        {
            var state = query["state"].FirstOrDefault();
            return TypedResults.Redirect(state is null ? target : QueryHelpers.AddQueryString(target, "state", state));
        }

        return Pages.Html(context, "Signed out",
            "<h1>You signed out</h1><p role=\"status\">You are signed out of your account. It's a good idea to close all browser windows.</p>"
            + (target is null ? "" : $"<p class=\"small\">The application did not register '{Pages.Encode(target)}' as an address to return to, so you stay here.</p>"));
    }

    /// <summary><c>/oidc/userinfo</c>: who the bearer of a user's access token is, as the identity platform's userinfo answers.</summary>
    public static async Task<IResult> UserInfoAsync(HttpContext context, IUserStore users)
    {
        var caller = Caller.Of(context);
        if (caller.IsApplication || await users.GetAsync(caller.TenantId, caller.ObjectId, context.RequestAborted) is not { } user)
        {
            return TypedResults.Json(new { error = "invalid_token", error_description = "userinfo answers for a signed-in user's token." }, statusCode: 401);
        }

        return TypedResults.Json(new UserInfo(
            user.Id.ToString("D"), user.DisplayName, user.GivenName, user.Surname, user.Mail ?? user.UserPrincipalName, user.UserPrincipalName));
    }

    /// <summary><c>/common/userrealm/{user}</c>: every user here is a cloud ("Managed") account, so MSAL.NET goes on to the password grant.</summary>
    public static IResult UserRealm(string user) =>
        TypedResults.Json(new Realm("1.0", "Managed", user[(user.LastIndexOf('@') + 1)..], "microsoftonline.com", "urn:federation:MicrosoftOnline"));

    /// <summary>The client an id_token was issued to, if this service signed it (its lifetime does not matter here).</summary>
    private static async Task<string?> AudienceOfAsync(string? idToken, SigningKeyStore keys)
    {
        if (idToken is null)
        {
            return null;
        }

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(idToken, new TokenValidationParameters
        {
            IssuerSigningKeys = keys.ValidationKeys,
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        });
        return result.IsValid && result.SecurityToken is JsonWebToken jwt ? jwt.Audiences.FirstOrDefault() : null;
    }

    private sealed record UserInfo(
        [property: JsonPropertyName("sub")] string Subject,
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("given_name"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? GivenName,
        [property: JsonPropertyName("family_name"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? FamilyName,
        [property: JsonPropertyName("email")] string Email,
        [property: JsonPropertyName("preferred_username")] string PreferredUserName);

    private sealed record Realm(
        [property: JsonPropertyName("ver")] string Version,
        [property: JsonPropertyName("account_type")] string AccountType,
        [property: JsonPropertyName("domain_name")] string DomainName,
        [property: JsonPropertyName("cloud_instance_name")] string CloudInstanceName,
        [property: JsonPropertyName("cloud_audience_urn")] string CloudAudienceUrn);
}
