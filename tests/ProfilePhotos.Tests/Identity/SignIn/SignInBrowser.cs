using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.Tokens;
using ProfilePhotos.Tests.Infrastructure;

namespace ProfilePhotos.Tests.Identity.SignIn;

/// <summary>
/// A browser, as far as sign-in needs one: it keeps cookies, follows nothing by itself, reads the
/// sign-in page's form and posts it back. What comes back to the application is read off the
/// redirect (query or fragment) or the form_post page.
/// </summary>
public sealed partial class SignInBrowser : IDisposable
{
    private readonly HttpClient http;

    public SignInBrowser(ServiceFixture service) =>
        http = service.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            HandleCookies = true,
            BaseAddress = service.ListeningAddress ?? new Uri("http://localhost"),
        });

    /// <summary>A browser of a service on a socket. Cookies go by host, not port, as browsers send them: nodes on one host share them, as behind a load balancer.</summary>
    public SignInBrowser(Uri address)
    {
        cookies = new CookieContainer();
        http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = address };
    }

    private readonly CookieContainer? cookies;

    /// <summary>Takes another browser's cookies, as one browser talking to another node of the same site would have them.</summary>
    public void Adopt(SignInBrowser other)
    {
        foreach (Cookie cookie in other.cookies!.GetAllCookies())
        {
            cookies!.Add(http.BaseAddress!, new Cookie(cookie.Name, cookie.Value, "/"));
        }
    }

    public HttpClient Http => http;

    public static (string Verifier, string Challenge) Pkce()
    {
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    public static string AuthorizeUrl(TestApplication app, string redirectUri, string? challenge, string scope = "openid profile offline_access User.Read",
        string? state = "st-1", string? nonce = "n-1", string? extra = null, string tenant = "")
    {
        var parameters = new Dictionary<string, string?>
        {
            ["client_id"] = app.ClientId,
            ["response_type"] = "code",
            ["redirect_uri"] = redirectUri,
            ["scope"] = scope,
            ["state"] = state,
            ["nonce"] = nonce,
            ["client_info"] = "1",
        };
        if (challenge is not null)
        {
            parameters["code_challenge"] = challenge;
            parameters["code_challenge_method"] = "S256";
        }

        var url = QueryHelpers.AddQueryString($"/{(tenant.Length > 0 ? tenant : app.TenantId.ToString())}/oauth2/v2.0/authorize", parameters);
        return extra is null ? url : url + "&" + extra;
    }

    public Task<HttpResponseMessage> GetAsync(string url) => http.GetAsync(url);

    /// <summary>Fills the sign-in page's form and posts it back, as a person would.</summary>
    public async Task<HttpResponseMessage> SignInAsync(HttpResponseMessage page, string login, string password, string action = "signin", Func<Dictionary<string, string>, Dictionary<string, string>>? tamper = null)
    {
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"expected the sign-in page, got {(int)page.StatusCode}: {html}");
        var fields = HiddenFields(html);
        fields["login"] = login;
        fields["passwd"] = password;
        fields["__action"] = action;
        fields = tamper?.Invoke(fields) ?? fields;
        return await http.PostAsync(page.RequestMessage!.RequestUri!, new FormUrlEncodedContent(fields));
    }

    /// <summary>What the application received: the parameters of the redirect (query or fragment) or of the form_post page.</summary>
    public static async Task<Dictionary<string, string>> AnswerAsync(HttpResponseMessage response)
    {
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            var location = response.Headers.Location!;
            var text = location.OriginalString;
            var fragment = text.IndexOf('#', StringComparison.Ordinal);
            var query = fragment >= 0 ? text[(fragment + 1)..] : location.IsAbsoluteUri ? location.Query.TrimStart('?') : text[(text.IndexOf('?', StringComparison.Ordinal) + 1)..];
            return QueryHelpers.ParseQuery(query).ToDictionary(p => p.Key, p => p.Value.ToString());
        }

        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK && html.Contains("document.forms[0].submit()", StringComparison.Ordinal),
            $"expected an answer to the application, got {(int)response.StatusCode}: {html}");
        return HiddenFields(html);
    }

    /// <summary>The hidden fields of a page's forms (a page with several forms carries the same ones in each).</summary>
    public static Dictionary<string, string> HiddenFields(string html) =>
        HiddenField().Matches(html).DistinctBy(m => m.Groups["name"].Value)
            .ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));

    public void Dispose() => http.Dispose();

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]*)\" value=\"(?<value>[^\"]*)\">")]
    private static partial Regex HiddenField();
}
