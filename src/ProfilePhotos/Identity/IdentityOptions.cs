using Microsoft.Extensions.Options;
using ProfilePhotos.Hosting;

namespace ProfilePhotos.Identity;

public enum IdentityMode
{
    /// <summary>The service issues its own tokens (the default).</summary>
    Embedded,

    /// <summary>Tokens come from an OpenID Connect provider; the embedded token endpoints are off.</summary>
    External,
}

/// <summary>The <c>Identity</c> section: see docs/configuration.md for every name.</summary>
public sealed class IdentityOptions
{
    public const string Section = "Identity";

    [Setting("Embedded: the service issues its own tokens. External: tokens of an OpenID Connect provider (Identity:Authority, Identity:Audience); the embedded token endpoints are off.")]
    public IdentityMode Mode { get; set; } = IdentityMode.Embedded;

    [Setting("External: the OpenID Connect authority, e.g. https://login.microsoftonline.com/{tenant}/v2.0.")]
    public string? Authority { get; set; }

    [Setting("External: the audience tokens must carry.")]
    public string? Audience { get; set; }

    [Setting("External: issuers accepted besides the one in the discovery document.")]
    public List<string> ValidIssuers { get; } = [];

    // Unset suits one process on one address; behind a load balancer each node would otherwise name itself.
    [Setting("Embedded: the public base address tokens name as issuer ({IssuerBaseUrl}/{tenant}/v2.0). Unset: the address each request came to.")]
    public Uri? IssuerBaseUrl { get; set; }

    [Setting("Embedded: failed token requests (a wrong secret per client, a wrong password per user) allowed in a minute before 429 with Retry-After.")]
    public int FailedSignInsPerMinute { get; set; } = 10;

    [Setting("Embedded: applications that may get tokens. With none, the first start creates a demo tenant and prints its credentials.")]
    public List<ApplicationOptions> Applications { get; } = [];

    [Setting("Embedded: RSA private keys, for several nodes or for rotation; the first signs, all validate. "
        + "None: a key kept in PostgreSQL (when it holds the metadata) or in keys/signing-key.pem in the data directory.")]
    public List<SigningKeyOptions> SigningKeys { get; } = [];
}

/// <summary>An RSA private key in PEM (PKCS#8 or PKCS#1), given inline or as a file path.</summary>
public sealed class SigningKeyOptions
{
    [Setting("The key in PEM (PKCS#8 or PKCS#1), inline.")]
    public string? Pem { get; set; }

    [Setting("Or the path of a PEM file holding it.")]
    public string? Path { get; set; }
}

/// <summary>One application: <c>Identity__Applications__N__TenantId</c>, <c>__ClientId</c>, <c>__ClientSecret</c>, ...</summary>
public sealed class ApplicationOptions
{
    [Setting("Its tenant, a GUID; a tenant exists once an application or a user names it.")]
    public Guid TenantId { get; set; }

    [Setting("Its client id.")]
    public string ClientId { get; set; } = "";

    [Setting("Its secret, compared in constant time.")]
    public string? ClientSecret { get; set; }

    [Setting("true: a public client (mobile, desktop, single-page app): delegated tokens without a secret, PKCE required for codes, no client credentials.")]
    public bool PublicClient { get; set; }

    [Setting("Where sign-ins may send the user back with a code (exact match; for a public client, http://localhost or http://127.0.0.1 without a port matches any port, as for native apps). A public client's http(s) origins may call the token endpoint from a browser (CORS).")]
    public List<string> RedirectUris { get; } = [];

    [Setting("The roles of its application tokens, e.g. User.ReadWrite.All.")]
    public List<string> ApplicationPermissions { get; } = [];

    [Setting("The scopes its delegated tokens may carry, e.g. User.Read. None: every delegated permission.")]
    public List<string> DelegatedPermissions { get; } = [];
}

/// <summary>Refuses at start a configuration that could only fail later, saying what to fix.</summary>
public sealed class IdentityOptionsValidator : IValidateOptions<IdentityOptions>
{
    public ValidateOptionsResult Validate(string? name, IdentityOptions options)
    {
        var failures = new List<string>();
        if (options.Mode == IdentityMode.External)
        {
            if (string.IsNullOrWhiteSpace(options.Authority) || !Uri.TryCreate(options.Authority, UriKind.Absolute, out _))
            {
                failures.Add("Identity:Authority must be an absolute URL when Identity:Mode is External.");
            }

            if (string.IsNullOrWhiteSpace(options.Audience))
            {
                failures.Add("Identity:Audience is required when Identity:Mode is External.");
            }
        }

        for (var i = 0; i < options.Applications.Count; i++)
        {
            var app = options.Applications[i];
            var where = $"Identity:Applications:{i}";
            if (app.TenantId == Guid.Empty)
            {
                failures.Add($"{where}:TenantId must be a GUID.");
            }

            if (string.IsNullOrWhiteSpace(app.ClientId))
            {
                failures.Add($"{where}:ClientId is required.");
            }

            if (!app.PublicClient && string.IsNullOrEmpty(app.ClientSecret))
            {
                failures.Add($"{where}:ClientSecret is required (or set PublicClient=true).");
            }

            failures.AddRange(app.RedirectUris.Where(u => !RedirectUri.IsValid(u))
                .Select(u => $"{where}:RedirectUris names '{u}', which is not an absolute URI without a fragment (https://app.example/signin, http://localhost:3000, msal{{client id}}://auth)."));
            failures.AddRange(app.ApplicationPermissions.Where(p => !Permissions.Application.Contains(p))
                .Select(p => $"{where}:ApplicationPermissions names '{p}', which is not an application permission ProfilePhotos knows: {string.Join(", ", Permissions.Application)}."));
            failures.AddRange(app.DelegatedPermissions.Where(p => !Permissions.Delegated.Contains(p))
                .Select(p => $"{where}:DelegatedPermissions names '{p}', which is not a delegated permission ProfilePhotos knows: {string.Join(", ", Permissions.Delegated)}."));
        }

        var duplicate = options.Applications.GroupBy(a => a.ClientId, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            failures.Add($"Identity:Applications names client id '{duplicate.Key}' more than once.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
