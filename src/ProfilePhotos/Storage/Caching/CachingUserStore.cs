using ProfilePhotos.Principals.Users;

namespace ProfilePhotos.Storage.Caching;

/// <summary>Users by id and by userPrincipalName remembered until the next write: see <see cref="RecordCache"/>.</summary>
public sealed class CachingUserStore(IUserStore inner, RecordCache cache) : IUserStore
{
    public Task CreateAsync(UserRecord user, string passwordHash, CancellationToken cancellationToken) =>
        cache.WriteAsync(inner.CreateAsync(user, passwordHash, cancellationToken));

    public Task<UserRecord?> GetAsync(Guid tenantId, Guid id, CancellationToken cancellationToken) =>
        cache.ReadAsync(new ById(tenantId, id), inner, static (key, users, ct) => users.GetAsync(key.TenantId, key.Id, ct), cancellationToken);

    public Task<UserRecord?> FindByPrincipalNameAsync(Guid tenantId, string userPrincipalName, CancellationToken cancellationToken) =>
        cache.ReadAsync(new ByPrincipalName(tenantId, PrincipalName.Key(userPrincipalName)), (inner, userPrincipalName),
            static (key, state, ct) => state.inner.FindByPrincipalNameAsync(key.TenantId, state.userPrincipalName, ct), cancellationToken);

    public Task<Page<UserRecord>> ListAsync(Guid tenantId, int top, Guid? after, CancellationToken cancellationToken) =>
        inner.ListAsync(tenantId, top, after, cancellationToken);

    public Task<bool> DeleteAsync(Guid tenantId, Guid id, CancellationToken cancellationToken) =>
        cache.WriteAsync(inner.DeleteAsync(tenantId, id, cancellationToken));

    public Task<string?> GetPasswordHashAsync(Guid tenantId, Guid id, CancellationToken cancellationToken) =>
        inner.GetPasswordHashAsync(tenantId, id, cancellationToken);

    public Task<bool> TenantHasUsersAsync(Guid tenantId, CancellationToken cancellationToken) =>
        inner.TenantHasUsersAsync(tenantId, cancellationToken);

    private readonly record struct ById(Guid TenantId, Guid Id);

    /// <summary>The name as the store compares it: the same key finds the same user.</summary>
    private readonly record struct ByPrincipalName(Guid TenantId, string Name);
}
