using Microsoft.AspNetCore.WebUtilities;

namespace ProfilePhotos.Identity.SignIn;

/// <summary>
/// Sends the outcome of a sign-in back to the application at its checked redirect address, the
/// way it asked (<c>response_mode</c>): in the query (the default for codes), in the fragment
/// (single-page apps: never sent to a server), or posted by the browser (form_post).
/// </summary>
public static class AuthorizeAnswer
{
    public static IResult Success(HttpContext context, AuthorizeRequest request, string code, SignInSession session, string? clientInfo) =>
        Send(context, request,
        [
            KeyValuePair.Create("code", code),
            .. Optional("state", request.State),
            .. Optional("client_info", clientInfo),
            KeyValuePair.Create("session_state", session.Id.ToString("D")),
        ]);

    public static IResult Failure(HttpContext context, AuthorizeFailure failure) =>
        Send(context, failure.Request,
        [
            KeyValuePair.Create("error", failure.Error.Code),
            KeyValuePair.Create("error_description", failure.Error.Description),
            .. Optional("state", failure.Request.State),
        ]);

    private static IResult Send(HttpContext context, AuthorizeRequest request, KeyValuePair<string, string>[] fields)
    {
        context.Response.Headers.CacheControl = "no-store";
        switch (request.ResponseMode)
        {
            case "form_post":
                return Pages.FormPost(context, request.RedirectUri, fields);
            case "fragment":
                var fragment = QueryHelpers.AddQueryString("", fields.Select(f => KeyValuePair.Create(f.Key, (string?)f.Value)))[1..];
                return TypedResults.Redirect($"{request.RedirectUri}#{fragment}");
            default:
                return TypedResults.Redirect(QueryHelpers.AddQueryString(request.RedirectUri, fields.Select(f => KeyValuePair.Create(f.Key, (string?)f.Value))));
        }
    }

    private static KeyValuePair<string, string>[] Optional(string name, string? value) => value is null ? [] : [KeyValuePair.Create(name, value)];
}
