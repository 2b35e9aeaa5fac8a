using Microsoft.Extensions.Options;

namespace ProfilePhotos.Identity;

public enum IdentityMode
{
    /// <summary>The service issues its own tokens (the default).</summary>
    Embedded,

    /// <summary>Tokens come from an OpenID Connect provider; the embedded token endpoints are off.</summary>
    External,
}

/// <summary>The <c>Identity</c> section: see docs/identity.md for every name.</summary>
public sealed class IdentityOptions
{
    public const string Section = "Identity";

    public IdentityMode Mode { get; set; } = IdentityMode.Embedded;

    /// <summary>External mode: the OpenID Connect authority, e.g. <c>https://login.microsoftonline.com/{tenant}/v2.0</c>.</summary>
    public string? Authority { get; set; }

    /// <summary>External mode: the audience tokens must carry.</summary>
    public string? Audience { get; set; }

    /// <summary>External mode: issuers accepted besides the one in the discovery document.</summary>
    public List<string> ValidIssuers { get; } = [];

    /// <summary>
    /// Embedded mode: the public base address tokens name as issuer (<c>{IssuerBaseUrl}/{tenant}/v2.0</c>).
    /// Unset, the address the request came to is used, which suits one process on one address.
    /// </summary>
    public Uri? IssuerBaseUrl { get; set; }

    /// <summary>Embedded mode: failed token requests allowed per client and per user per minute before 429.</summary>
    public int FailedSignInsPerMinute { get; set; } = 10;

    /// <summary>Applications that may get tokens from the embedded issuer.</summary>
    public List<ApplicationOptions> Applications { get; } = [];

    /// <summary>
    /// Embedded mode: the signing keys, for several nodes or for rotation. The first signs; all
    /// validate. Empty: the key is kept in PostgreSQL (when it holds the metadata) or in the data directory.
    /// </summary>
    public List<SigningKeyOptions> SigningKeys { get; } = [];
}

/// <summary>An RSA private key in PEM (PKCS#8 or PKCS#1), given inline or as a file path.</summary>
public sealed class SigningKeyOptions
{
    public string? Pem { get; set; }

    public string? Path { get; set; }
}

/// <summary>One application: <c>Identity__Applications__N__TenantId</c>, <c>__ClientId</c>, <c>__ClientSecret</c>, ...</summary>
public sealed class ApplicationOptions
{
    public Guid TenantId { get; set; }

    public string ClientId { get; set; } = "";

    public string? ClientSecret { get; set; }

    /// <summary>A public client gets delegated tokens (password grant) without a secret.</summary>
    public bool PublicClient { get; set; }

    /// <summary>The <c>roles</c> of its application tokens.</summary>
    public List<string> ApplicationPermissions { get; } = [];

    /// <summary>The scopes its delegated tokens may carry; empty means every delegated permission.</summary>
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
