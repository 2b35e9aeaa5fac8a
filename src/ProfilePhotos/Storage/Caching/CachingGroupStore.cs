using ProfilePhotos.Principals.Groups;
using ProfilePhotos.Principals.Users;

namespace ProfilePhotos.Storage.Caching;

/// <summary>Groups by id remembered until the next write: see <see cref="RecordCache"/>.</summary>
public sealed class CachingGroupStore(IGroupStore inner, RecordCache cache) : IGroupStore
{
    public Task CreateAsync(GroupRecord group, IReadOnlyCollection<(GroupLink Link, Guid UserId)> links, CancellationToken cancellationToken) =>
        cache.WriteAsync(inner.CreateAsync(group, links, cancellationToken));

    public Task<GroupRecord?> GetAsync(Guid tenantId, Guid id, CancellationToken cancellationToken) =>
        cache.ReadAsync(new ById(tenantId, id), inner, static (key, groups, ct) => groups.GetAsync(key.TenantId, key.Id, ct), cancellationToken);

    public Task<Page<GroupRecord>> ListAsync(Guid tenantId, int top, Guid? after, CancellationToken cancellationToken) =>
        inner.ListAsync(tenantId, top, after, cancellationToken);

    public Task<bool> DeleteAsync(Guid tenantId, Guid id, CancellationToken cancellationToken) =>
        cache.WriteAsync(inner.DeleteAsync(tenantId, id, cancellationToken));

    public Task<bool> AddLinkAsync(Guid tenantId, Guid groupId, GroupLink link, Guid userId, CancellationToken cancellationToken) =>
        cache.WriteAsync(inner.AddLinkAsync(tenantId, groupId, link, userId, cancellationToken));

    public Task<bool> RemoveLinkAsync(Guid tenantId, Guid groupId, GroupLink link, Guid userId, CancellationToken cancellationToken) =>
        cache.WriteAsync(inner.RemoveLinkAsync(tenantId, groupId, link, userId, cancellationToken));

    public Task<IReadOnlyList<UserRecord>> ListLinkedAsync(Guid tenantId, Guid groupId, GroupLink link, CancellationToken cancellationToken) =>
        inner.ListLinkedAsync(tenantId, groupId, link, cancellationToken);

    public Task<bool> IsLinkedAsync(Guid tenantId, Guid groupId, GroupLink link, Guid userId, CancellationToken cancellationToken) =>
        inner.IsLinkedAsync(tenantId, groupId, link, userId, cancellationToken);

    private readonly record struct ById(Guid TenantId, Guid Id);
}
