using ProfilePhotos.Principals.Users;
using ProfilePhotos.Storage;

namespace ProfilePhotos.Principals.Groups;

/// <summary>Groups of the directory and their owners and members, scoped to one tenant per call.</summary>
public interface IGroupStore
{
    /// <summary>Creates the group and its initial links in one transaction.</summary>
    Task CreateAsync(GroupRecord group, IReadOnlyCollection<(GroupLink Link, Guid UserId)> links, CancellationToken cancellationToken);

    Task<GroupRecord?> GetAsync(Guid tenantId, Guid id, CancellationToken cancellationToken);

    Task<Page<GroupRecord>> ListAsync(Guid tenantId, int top, Guid? after, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(Guid tenantId, Guid id, CancellationToken cancellationToken);

    /// <summary>Adds a link; false when it already existed.</summary>
    Task<bool> AddLinkAsync(Guid tenantId, Guid groupId, GroupLink link, Guid userId, CancellationToken cancellationToken);

    /// <summary>Removes a link; false when there was none.</summary>
    Task<bool> RemoveLinkAsync(Guid tenantId, Guid groupId, GroupLink link, Guid userId, CancellationToken cancellationToken);

    Task<IReadOnlyList<UserRecord>> ListLinkedAsync(Guid tenantId, Guid groupId, GroupLink link, CancellationToken cancellationToken);

    Task<bool> IsLinkedAsync(Guid tenantId, Guid groupId, GroupLink link, Guid userId, CancellationToken cancellationToken);
}
