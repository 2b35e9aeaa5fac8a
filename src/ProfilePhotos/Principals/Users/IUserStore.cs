using ProfilePhotos.Storage;

namespace ProfilePhotos.Principals.Users;

/// <summary>Users of the directory. Every call is scoped to one tenant: another tenant's users do not exist.</summary>
public interface IUserStore
{
    /// <exception cref="Storage.DuplicateKeyException">The userPrincipalName is taken in the tenant.</exception>
    Task CreateAsync(UserRecord user, string passwordHash, CancellationToken cancellationToken);

    Task<UserRecord?> GetAsync(Guid tenantId, Guid id, CancellationToken cancellationToken);

    /// <summary>Finds a user by userPrincipalName, compared without regard to case.</summary>
    Task<UserRecord?> FindByPrincipalNameAsync(Guid tenantId, string userPrincipalName, CancellationToken cancellationToken);

    /// <summary>Users ordered by id, starting after <paramref name="after"/>.</summary>
    Task<Page<UserRecord>> ListAsync(Guid tenantId, int top, Guid? after, CancellationToken cancellationToken);

    /// <summary>Deletes the user and everything that belongs to it (mailbox, memberships).</summary>
    Task<bool> DeleteAsync(Guid tenantId, Guid id, CancellationToken cancellationToken);

    Task<string?> GetPasswordHashAsync(Guid tenantId, Guid id, CancellationToken cancellationToken);

    /// <summary>True when the tenant holds at least one user.</summary>
    Task<bool> TenantHasUsersAsync(Guid tenantId, CancellationToken cancellationToken);
}
