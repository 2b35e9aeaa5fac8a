using Microsoft.AspNetCore.Antiforgery;
using ProfilePhotos.Principals.Users;

namespace ProfilePhotos.Identity.SignIn;

/// <summary>
/// <c>GET</c> and <c>POST /{tenant}/oauth2/v2.0/authorize</c>: the authorization code flow. A
/// browser with a session for the application's tenant gets its code at once (<c>prompt=none</c>
/// answers <c>login_required</c> when there is none); otherwise the sign-in page, whose form posts
/// back here with the request's parameters, a username and password, and an anti-forgery token.
/// </summary>
public static class AuthorizeEndpoint
{
    public const string FormMarker = "__signin";
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(10);

    public static async Task<IResult> HandleAsync(string tenant, HttpContext context, ApplicationRegistry applications, IUserStore users, SignInForm form)
    {
        var parameters = await ParametersAsync(context.Request);
        try
        {
            var request = await AuthorizeRequest.ReadAsync(tenant, parameters, applications, users, context.RequestAborted);
            return HttpMethods.IsPost(context.Request.Method) && parameters.ContainsKey(FormMarker)
                ? await form.SubmitAsync(context, request, parameters)
                : await form.StartAsync(context, request);
        }
        catch (AuthorizeRequest.Refusal refusal)
        {
            return Pages.Error(context, refusal.Aadsts, refusal.Message);
        }
        catch (AuthorizeFailure failure)
        {
            return AuthorizeAnswer.Failure(context, failure);
        }
    }

    /// <summary>The query, and on a POST the form too (MSAL and the sign-in page post; form values win).</summary>
    private static async Task<Dictionary<string, string>> ParametersAsync(HttpRequest request)
    {
        var parameters = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        if (HttpMethods.IsPost(request.Method) && request.HasFormContentType)
        {
            foreach (var (key, value) in await request.ReadFormAsync(request.HttpContext.RequestAborted))
            {
                parameters[key] = value.ToString();
            }
        }

        return parameters;
    }
}

/// <summary>The sign-in page and what its form does: sessions, throttling, anti-forgery, and the code it ends with.</summary>
public sealed class SignInForm(SignInSessions sessions, UserGrants userGrants, IGrantStore grants, SignInThrottle throttle, IAntiforgery antiforgery, TimeProvider time)
{
    public async Task<IResult> StartAsync(HttpContext context, AuthorizeRequest request)
    {
        var current = await sessions.CurrentAsync(context, request.Application.TenantId);
        if (request.Prompt == "none")
        {
            return current is { } signedIn
                ? await IssueCodeAsync(context, request, signedIn.Session, signedIn.User)
                : AuthorizeAnswer.Failure(context, request.Fail(new OAuthError(400, "login_required", 50058, "A silent sign-in request was sent but no user is signed in.")));
        }

        return current is { } session && request.Prompt is null or "consent"
            ? await IssueCodeAsync(context, request, session.Session, session.User)
            : Render(context, request, current?.User, null, 200);
    }

    public async Task<IResult> SubmitAsync(HttpContext context, AuthorizeRequest request, IReadOnlyDictionary<string, string> fields)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Render(context, request, null, "This page was open too long, or the form was not sent from it. Sign in again.", 400);
        }

        if (fields.GetValueOrDefault("__action") == "continue" && await sessions.CurrentAsync(context, request.Application.TenantId) is { } current)
        {
            return await IssueCodeAsync(context, request, current.Session, current.User);
        }

        var login = fields.GetValueOrDefault("login")?.Trim() ?? "";
        var password = fields.GetValueOrDefault("passwd") ?? "";
        if (login.Length == 0 || password.Length == 0)
        {
            return Render(context, request with { LoginHint = login }, null, "Enter your user name and your password.", 400);
        }

        var key = SignInThrottle.UserKey(request.Application.TenantId, login);
        if (throttle.Blocked(key) is { } wait)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Render(context, request with { LoginHint = login }, null, $"Too many failed sign-ins for this account. Try again in {Math.Ceiling(wait.TotalSeconds)} seconds.", 429);
        }

        UserRecord? user;
        try
        {
            user = await userGrants.CheckCredentialsAsync(request.Application.TenantId, login, password, context.RequestAborted);
        }
        catch (OAuthError disabled)
        {
            return Render(context, request with { LoginHint = login }, null, disabled.Message, 400);
        }

        if (user is null)
        {
            throttle.RecordFailure(key);
            return Render(context, request with { LoginHint = login }, null, "Your account or password is incorrect.", 400);
        }

        var session = await sessions.StartAsync(context, user);
        return await IssueCodeAsync(context, request, session, user);
    }

    private async Task<IResult> IssueCodeAsync(HttpContext context, AuthorizeRequest request, SignInSession session, UserRecord user)
    {
        var code = GrantSecret.New();
        var now = time.GetUtcNow();
        await grants.AddCodeAsync(
            new Grant(GrantSecret.Hash(code), Guid.NewGuid(), user.TenantId, request.Application.ClientId, user.Id, request.Scopes!.All, now, now + AuthorizeEndpoint.CodeLifetime)
            {
                RedirectUri = request.RedirectUri,
                Nonce = request.Nonce,
                CodeChallenge = request.CodeChallenge,
            },
            context.RequestAborted);
        return AuthorizeAnswer.Success(context, request, code, session, request.ClientInfo ? TokenIssuer.ClientInfo(user) : null);
    }

    private IResult Render(HttpContext context, AuthorizeRequest request, UserRecord? signedIn, string? error, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var hidden = Pages.Hidden([.. request.CarriedParameters, KeyValuePair.Create(AuthorizeEndpoint.FormMarker, "1"), KeyValuePair.Create(tokens.FormFieldName, tokens.RequestToken!)]);
        var invalid = error is null ? "" : " aria-invalid=\"true\" aria-describedby=\"signin-error\"";
        var body = "<h1>Sign in</h1>"
            + $"<p>to continue to the application <strong>{Pages.Encode(request.Application.ClientId)}</strong></p>"
            + (error is null ? "" : $"<p id=\"signin-error\" class=\"error\" role=\"alert\">{Pages.Encode(error)}</p>")
            + $"<form method=\"post\" novalidate>{hidden}"
            + $"<label for=\"login\">User name</label><input id=\"login\" name=\"login\" type=\"text\" inputmode=\"email\" autocomplete=\"username\" autocapitalize=\"none\" spellcheck=\"false\" required autofocus value=\"{Pages.Encode(request.LoginHint)}\"{invalid}>"
            + $"<label for=\"passwd\">Password</label><input id=\"passwd\" name=\"passwd\" type=\"password\" autocomplete=\"current-password\" required{invalid}>"
            + "<button type=\"submit\" name=\"__action\" value=\"signin\">Sign in</button></form>"
            + (signedIn is null ? "" : $"<form method=\"post\">{hidden}<p class=\"small\">You are signed in as {Pages.Encode(signedIn.UserPrincipalName)}.</p>"
                + $"<button type=\"submit\" class=\"secondary\" name=\"__action\" value=\"continue\">Continue as {Pages.Encode(signedIn.DisplayName)}</button></form>");
        return Pages.Html(context, "Sign in", body, status);
    }
}
