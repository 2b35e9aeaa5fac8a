using System.Security.Cryptography;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;
using ProfilePhotos.Principals.Users;

namespace ProfilePhotos.Identity.SignIn;

/// <summary>
/// The device code flow: <c>POST /{tenant}/oauth2/v2.0/devicecode</c> gives a device a code to
/// poll with and a short code for its user, who enters it at <c>/devicelogin</c> on any browser,
/// signs in (or continues a session) and approves or declines; the device's next poll of the token
/// endpoint gets the tokens.
/// </summary>
public static class DeviceCodes
{
    public const string PagePath = "/devicelogin";
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    // No 0/O or 1/I: a code is read off one screen and typed on another.
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public static async Task<IResult> StartAsync(
        string tenant, HttpContext context, ApplicationRegistry applications, IUserStore users, IGrantStore grants, TimeProvider time, IOptions<IdentityOptions> options)
    {
        try
        {
            var form = await OAuthRequest.ReadFormAsync(context.Request);
            var application = await OAuthRequest.FindClientAsync(OAuthRequest.Required(form, "client_id"), tenant, applications, users, context.RequestAborted);
            var scopes = ScopeRequest.Parse(OAuthRequest.Required(form, "scope"), application);
            var deviceCode = GrantSecret.New();
            var userCode = RandomNumberGenerator.GetString(Alphabet, 9);
            var now = time.GetUtcNow();
            await grants.AddDeviceCodeAsync(
                new Grant(GrantSecret.Hash(deviceCode), Guid.NewGuid(), application.TenantId, application.ClientId, Guid.Empty, scopes.All, now, now + Lifetime),
                userCode, context.RequestAborted);
            var page = IssuerAddress.Base(context.Request, options.Value) + PagePath;
            context.Response.Headers.CacheControl = "no-store";
            return TypedResults.Json(new DeviceCodeAnswer(
                userCode, deviceCode, page, (int)Lifetime.TotalSeconds, (int)Interval.TotalSeconds,
                $"To sign in, use a web browser to open the page {page} and enter the code {userCode} to authenticate."));
        }
        catch (OAuthError error)
        {
            return error.ToResult(context);
        }
    }

    private sealed record DeviceCodeAnswer(
        [property: JsonPropertyName("user_code")] string UserCode,
        [property: JsonPropertyName("device_code")] string DeviceCode,
        [property: JsonPropertyName("verification_uri")] string VerificationUri,
        [property: JsonPropertyName("expires_in")] int ExpiresIn,
        [property: JsonPropertyName("interval")] int Interval,
        [property: JsonPropertyName("message")] string Message);
}

/// <summary>The page at <c>/devicelogin</c>: enter the code, sign in, approve or decline.</summary>
public sealed class DeviceLoginPage(IGrantStore grants, SignInSessions sessions, UserGrants userGrants, SignInThrottle throttle, IAntiforgery antiforgery, TimeProvider time)
{
    public IResult Show(HttpContext context) => CodeForm(context, null, 200);

    public async Task<IResult> SubmitAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return CodeForm(context, "This page was open too long, or the form was not sent from it. Enter the code again.", 400);
        }

        var userCode = (form["user_code"].ToString() ?? "").Trim().Replace("-", "", StringComparison.Ordinal).ToUpperInvariant();
        var pending = userCode.Length == 0 ? null : await grants.FindPendingDeviceCodeAsync(userCode, time.GetUtcNow(), context.RequestAborted);
        if (pending is null)
        {
            return CodeForm(context, "That code is not valid, or it has expired. Check the code on your device and enter it again.", 400);
        }

        var action = form["__action"].ToString();
        if (action == "decline")
        {
            await grants.DecideDeviceCodeAsync(userCode, null, time.GetUtcNow(), context.RequestAborted);
            return Pages.Html(context, "Sign-in declined", "<h1>Sign-in declined</h1><p role=\"status\">The device was not signed in. You can close this window.</p>");
        }

        var current = await sessions.CurrentAsync(context, pending.Grant.TenantId);
        UserRecord? user = action == "approve" ? current?.User : null;
        if (user is null && action == "signin")
        {
            var login = form["login"].ToString().Trim();
            var key = SignInThrottle.UserKey(pending.Grant.TenantId, login);
            if (throttle.Blocked(key) is { } wait)
            {
                return Confirm(context, userCode, pending, null, $"Too many failed sign-ins for this account. Try again in {Math.Ceiling(wait.TotalSeconds)} seconds.", 429);
            }

            try
            {
                user = await userGrants.CheckCredentialsAsync(pending.Grant.TenantId, login, form["passwd"].ToString(), context.RequestAborted);
            }
            catch (OAuthError disabled)
            {
                return Confirm(context, userCode, pending, null, disabled.Message, 400);
            }

            if (user is null)
            {
                throttle.RecordFailure(key);
                return Confirm(context, userCode, pending, null, "Your account or password is incorrect.", 400);
            }

            await sessions.StartAsync(context, user);
        }

        if (user is null)
        {
            return Confirm(context, userCode, pending, current?.User, null, 200);
        }

        await grants.DecideDeviceCodeAsync(userCode, user.Id, time.GetUtcNow(), context.RequestAborted);
        return Pages.Html(context, "Signed in", $"<h1>You're signed in</h1><p role=\"status\">{Pages.Encode(user.DisplayName)} is signed in to the application {Pages.Encode(pending.Grant.ClientId)} on your device. You can close this window.</p>");
    }

    private IResult CodeForm(HttpContext context, string? error, int status)
    {
        var invalid = error is null ? "" : " aria-invalid=\"true\" aria-describedby=\"code-error\"";
        return Pages.Html(context, "Enter code",
            "<h1>Enter code</h1><p>Enter the code shown on your device to let it sign in.</p>"
            + (error is null ? "" : $"<p id=\"code-error\" class=\"error\" role=\"alert\">{Pages.Encode(error)}</p>")
            + $"<form method=\"post\" action=\"{DeviceCodes.PagePath}\" novalidate>{Token(context)}"
            + $"<label for=\"user_code\">Code</label><input id=\"user_code\" name=\"user_code\" type=\"text\" autocomplete=\"one-time-code\" autocapitalize=\"characters\" spellcheck=\"false\" required autofocus{invalid}>"
            + "<button type=\"submit\" name=\"__action\" value=\"code\">Next</button></form>",
            status);
    }

    private IResult Confirm(HttpContext context, string userCode, DeviceGrant pending, UserRecord? signedIn, string? error, int status)
    {
        var common = Token(context) + Pages.Hidden([KeyValuePair.Create("user_code", userCode)]);
        var invalid = error is null ? "" : " aria-invalid=\"true\" aria-describedby=\"signin-error\"";
        var body = $"<h1>Sign in on your device</h1><p>The application <strong>{Pages.Encode(pending.Grant.ClientId)}</strong> on your device asks to sign you in.</p>"
            + (error is null ? "" : $"<p id=\"signin-error\" class=\"error\" role=\"alert\">{Pages.Encode(error)}</p>")
            + (signedIn is null
                ? $"<form method=\"post\" action=\"{DeviceCodes.PagePath}\" novalidate>{common}"
                  + $"<label for=\"login\">User name</label><input id=\"login\" name=\"login\" type=\"text\" inputmode=\"email\" autocomplete=\"username\" autocapitalize=\"none\" spellcheck=\"false\" required autofocus{invalid}>"
                  + $"<label for=\"passwd\">Password</label><input id=\"passwd\" name=\"passwd\" type=\"password\" autocomplete=\"current-password\" required{invalid}>"
                  + "<button type=\"submit\" name=\"__action\" value=\"signin\">Sign in</button></form>"
                : $"<form method=\"post\" action=\"{DeviceCodes.PagePath}\">{common}<p>You are signed in as {Pages.Encode(signedIn.UserPrincipalName)}.</p>"
                  + $"<button type=\"submit\" name=\"__action\" value=\"approve\">Continue as {Pages.Encode(signedIn.DisplayName)}</button></form>")
            + $"<form method=\"post\" action=\"{DeviceCodes.PagePath}\">{common}<button type=\"submit\" class=\"secondary\" name=\"__action\" value=\"decline\">Don't sign in</button></form>";
        return Pages.Html(context, "Sign in on your device", body, status);
    }

    private string Token(HttpContext context)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return Pages.Hidden([KeyValuePair.Create(tokens.FormFieldName, tokens.RequestToken!)]);
    }
}
