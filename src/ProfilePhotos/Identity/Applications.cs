using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ProfilePhotos.Identity;

/// <summary>An application that may get tokens, from configuration or created on first start.</summary>
public sealed record RegisteredApplication(
    string ClientId,
    Guid TenantId,
    byte[]? SecretSha256,
    bool PublicClient,
    IReadOnlySet<string> ApplicationPermissions,
    IReadOnlySet<string> DelegatedPermissions)
{
    /// <summary>Where sign-ins may return the user (<see cref="RedirectUri"/>); none: no interactive sign-in.</summary>
    public IReadOnlyList<string> RedirectUris { get; init; } = [];

    public bool AllowsRedirectTo(string? candidate) => candidate is not null && RedirectUris.Any(r => RedirectUri.Matches(r, candidate, PublicClient));

    /// <summary>
    /// Compares in constant time. Both sides are SHA-256 digests, so the time does not depend on
    /// where the presented secret differs, nor on its length.
    /// </summary>
    public bool SecretMatches(string? presented) =>
        SecretSha256 is not null && presented is not null
        && CryptographicOperations.FixedTimeEquals(SecretSha256, Digest(presented));

    /// <summary>The application's own object id, stable for a client in a tenant: the <c>oid</c> of its tokens.</summary>
    public Guid ObjectId
    {
        get
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{TenantId:D}/{ClientId.ToUpperInvariant()}"));
            return new Guid(hash.AsSpan(0, 16));
        }
    }

    public static byte[] Digest(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}

/// <summary>Applications persisted by the service itself (the demo tenant's administrator).</summary>
public interface IApplicationStore
{
    Task<RegisteredApplication?> FindAsync(string clientId, CancellationToken cancellationToken);

    Task<IReadOnlyList<RegisteredApplication>> ListAsync(CancellationToken cancellationToken);

    Task AddAsync(RegisteredApplication application, CancellationToken cancellationToken);
}

/// <summary>Finds applications: configured ones first, then those the store holds.</summary>
public sealed class ApplicationRegistry(IOptions<IdentityOptions> options, IApplicationStore store)
{
    private readonly Lazy<Dictionary<string, RegisteredApplication>> configured = new(() =>
        options.Value.Applications.ToDictionary(
            a => a.ClientId,
            a => new RegisteredApplication(
                a.ClientId,
                a.TenantId,
                string.IsNullOrEmpty(a.ClientSecret) ? null : RegisteredApplication.Digest(a.ClientSecret),
                a.PublicClient,
                a.ApplicationPermissions.ToHashSet(StringComparer.OrdinalIgnoreCase),
                (a.DelegatedPermissions.Count == 0 ? Permissions.Delegated : (IEnumerable<string>)a.DelegatedPermissions).ToHashSet(StringComparer.OrdinalIgnoreCase))
            {
                RedirectUris = [.. a.RedirectUris],
            },
            StringComparer.OrdinalIgnoreCase));

    /// <summary>The configured applications, for what every request does not need to ask the store for (CORS origins).</summary>
    public IEnumerable<RegisteredApplication> Configured => configured.Value.Values;

    public bool HasConfiguredApplications => options.Value.Applications.Count > 0;

    public async Task<RegisteredApplication?> FindAsync(string clientId, CancellationToken cancellationToken) =>
        configured.Value.GetValueOrDefault(clientId) ?? await store.FindAsync(clientId, cancellationToken);

    public async Task<bool> TenantExistsAsync(Guid tenantId, CancellationToken cancellationToken) =>
        configured.Value.Values.Any(a => a.TenantId == tenantId)
        || (await store.ListAsync(cancellationToken)).Any(a => a.TenantId == tenantId);
}
