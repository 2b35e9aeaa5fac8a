using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;

namespace ProfilePhotos.Identity.SignIn;

/// <summary>
/// The server-rendered pages of interactive sign-in: plain HTML with one inline style sheet (and,
/// for form_post, one inline script), both allowed by a per-response nonce in a strict Content
/// Security Policy; never framed. Written for screen readers (labels, landmarks, errors announced
/// and tied to their field) and for phone widths.
/// </summary>
public static class Pages
{
    private const string Style = """
        :root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
        body { margin: 0; background: #f3f3f3; color: #1b1b1b; }
        main { box-sizing: border-box; max-width: 28rem; margin: 2rem auto; padding: 1.5rem; background: #fff; border-radius: 8px; box-shadow: 0 1px 4px rgba(0,0,0,.2); }
        h1 { font-size: 1.5rem; margin: 0 0 1rem; }
        p { line-height: 1.5; }
        label { display: block; font-weight: 600; margin: 1rem 0 .25rem; }
        input[type=text], input[type=email], input[type=password] { box-sizing: border-box; width: 100%; font-size: 1rem; padding: .6rem; border: 1px solid #5a5a5a; border-radius: 4px; }
        input[aria-invalid=true] { border-color: #a4262c; }
        button { font-size: 1rem; padding: .6rem 1.2rem; margin-top: 1.25rem; border-radius: 4px; border: 1px solid #0a4d8c; background: #0a4d8c; color: #fff; cursor: pointer; }
        button.secondary { background: #fff; color: #0a4d8c; }
        :focus-visible { outline: 3px solid #1b1b1b; outline-offset: 2px; }
        .error { color: #a4262c; font-weight: 600; }
        .small { font-size: .875rem; color: #4a4a4a; }
        @media (max-width: 30rem) { main { margin: 0; border-radius: 0; box-shadow: none; min-height: 100vh; } }
        """;

    /// <summary>A whole page, with its security headers set on the response.</summary>
    public static IResult Html(HttpContext context, string title, string body, int status = 200, string? formTarget = null, bool script = false)
    {
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var headers = context.Response.Headers;
        var formAction = formTarget is null ? "'self'" : $"'self' {formTarget}";
        headers.ContentSecurityPolicy = $"default-src 'none'; style-src 'nonce-{nonce}'; {(script ? $"script-src 'nonce-{nonce}'; " : "")}form-action {formAction}; frame-ancestors 'none'; base-uri 'none'";
        headers.XFrameOptions = "DENY";
        headers.CacheControl = "no-store";
        headers["Referrer-Policy"] = "no-referrer";
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(Encode(title)).Append(" - ProfilePhotos</title><style nonce=\"").Append(nonce).Append("\">").Append(Style).Append("</style></head><body><main>")
            .Append(body.Replace("{nonce}", nonce, StringComparison.Ordinal))
            .Append("</main></body></html>")
            .ToString();
        return TypedResults.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    public static string Encode(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    /// <summary>Hidden fields that carry values through a form.</summary>
    public static string Hidden(IEnumerable<KeyValuePair<string, string>> fields) =>
        string.Concat(fields.Select(f => $"<input type=\"hidden\" name=\"{Encode(f.Key)}\" value=\"{Encode(f.Value)}\">"));

    /// <summary>A page that says what went wrong in words, with the identity platform's code and the request's id for support.</summary>
    public static IResult Error(HttpContext context, int aadsts, string message, int status = 400) =>
        Html(context, "Sign-in error",
            $"<h1>Sorry, we can't sign you in</h1><p class=\"error\" role=\"alert\">AADSTS{aadsts}: {Encode(message)}</p>"
            + $"<p class=\"small\">Request id: {Encode(Graph.RequestIds.Get(context).RequestId)}</p>", status);

    /// <summary>response_mode=form_post: the answer posted to the application by the browser, at once.</summary>
    public static IResult FormPost(HttpContext context, string redirectUri, IEnumerable<KeyValuePair<string, string>> fields) =>
        Html(context, "Signing in",
            $"<h1>Signing you in</h1><form method=\"post\" action=\"{Encode(redirectUri)}\">{Hidden(fields)}"
            + "<noscript><p>Your browser does not run scripts: continue by hand.</p><button type=\"submit\">Continue</button></noscript></form>"
            + "<script nonce=\"{nonce}\">document.forms[0].submit();</script>",
            formTarget: OriginOf(redirectUri), script: true);

    private static string OriginOf(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https" ? parsed.GetLeftPart(UriPartial.Authority) : uri;
}
