using ProfilePhotos.Graph;
using ProfilePhotos.Principals.Users;

namespace ProfilePhotos.Identity.SignIn;

/// <summary>
/// A sign-in request (<c>/authorize</c>), read in two steps as the identity platform reads it:
/// until the application and its redirect address are known to be right, a problem is shown on a
/// page and nobody is redirected anywhere (<see cref="Refusal"/>); after that, a problem goes back
/// to the application at that address (<see cref="OAuthError"/> through <see cref="AuthorizeAnswer"/>).
/// </summary>
public sealed record AuthorizeRequest(
    RegisteredApplication Application,
    string RedirectUri,
    string ResponseMode,
    string? State,
    string? Nonce,
    string? CodeChallenge,
    string? LoginHint,
    string? Prompt,
    bool ClientInfo,
    ScopeRequest? Scopes,
    IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>The parameters a sign-in form carries back to this endpoint, and nothing the form itself adds.</summary>
    public static readonly string[] Carried =
        ["client_id", "redirect_uri", "response_type", "response_mode", "scope", "state", "nonce", "code_challenge", "code_challenge_method", "prompt", "login_hint", "client_info"];

    /// <summary>A problem shown on a page: the application or its redirect address is not what was registered.</summary>
    public sealed class Refusal(int aadsts, string message) : Exception(message)
    {
        public int Aadsts { get; } = aadsts;
    }

    public static async Task<AuthorizeRequest> ReadAsync(string tenant, IReadOnlyDictionary<string, string> parameters, ApplicationRegistry applications, IUserStore users, CancellationToken cancellationToken)
    {
        string? Get(string name) => parameters.GetValueOrDefault(name) is { Length: > 0 } value ? value : null;
        var clientId = Get("client_id") ?? throw new Refusal(900144, "The request body must contain the following parameter: 'client_id'.");
        RegisteredApplication application;
        try
        {
            application = await OAuthRequest.FindClientAsync(clientId, tenant, applications, users, cancellationToken);
        }
        catch (OAuthError unknown)
        {
            throw new Refusal(700016, unknown.Message);
        }

        var redirectUri = Get("redirect_uri");
        if (!application.AllowsRedirectTo(redirectUri))
        {
            throw new Refusal(50011, $"The redirect URI '{ClientText.Echo(redirectUri ?? "", 200)}' specified in the request does not match the redirect URIs configured for the application '{application.ClientId}'. Make sure the redirect URI sent in the request matches one added to your application (Identity:Applications:N:RedirectUris).");
        }

        var mode = Get("response_mode") ?? "query";
        var request = new AuthorizeRequest(application, redirectUri!, mode is "query" or "fragment" or "form_post" ? mode : "query",
            Get("state"), Get("nonce"), Get("code_challenge"), Get("login_hint"), Get("prompt"), Get("client_info") == "1", null, parameters);
        if (mode is not ("query" or "fragment" or "form_post"))
        {
            throw request.Fail(OAuthError.InvalidRequest(900144, $"The response_mode '{ClientText.Echo(mode)}' is not supported: use query, fragment or form_post."));
        }

        return request.Validate(Get);
    }

    private AuthorizeRequest Validate(Func<string, string?> get)
    {
        if (get("response_type") != "code")
        {
            throw Fail(new OAuthError(400, "unsupported_response_type", 700054, "The response_type must be 'code': this service signs in with the authorization code flow."));
        }

        if (CodeChallenge is null && Application.PublicClient)
        {
            throw Fail(OAuthError.InvalidRequest(9002325, "Proof Key for Code Exchange is required for a public client: send code_challenge and code_challenge_method=S256."));
        }

        if (CodeChallenge is not null && get("code_challenge_method") != "S256")
        {
            throw Fail(OAuthError.InvalidRequest(5002731, "The code_challenge_method must be S256."));
        }

        if (Prompt is not (null or "login" or "none" or "select_account" or "consent"))
        {
            throw Fail(OAuthError.InvalidRequest(90023, $"The prompt '{ClientText.Echo(Prompt)}' is not supported: use login, none or select_account."));
        }

        try
        {
            return this with { Scopes = ScopeRequest.Parse(get("scope") ?? throw OAuthError.MissingParameter("scope"), Application) };
        }
        catch (OAuthError error)
        {
            throw Fail(error);
        }
    }

    /// <summary>An error to send back to the application at its (checked) redirect address.</summary>
    public AuthorizeFailure Fail(OAuthError error) => new(this, error);

    public IEnumerable<KeyValuePair<string, string>> CarriedParameters =>
        Carried.Where(Parameters.ContainsKey).Select(name => KeyValuePair.Create(name, Parameters[name]));
}

/// <summary>An <see cref="OAuthError"/> that goes back to the application, because its redirect address is known good.</summary>
public sealed class AuthorizeFailure(AuthorizeRequest request, OAuthError error) : Exception(error.Message)
{
    public AuthorizeRequest Request { get; } = request;

    public OAuthError Error { get; } = error;
}
