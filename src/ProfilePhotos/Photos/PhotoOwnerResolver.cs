using ProfilePhotos.Graph;
using ProfilePhotos.Identity;
using ProfilePhotos.Principals;
using ProfilePhotos.Principals.Groups;

namespace ProfilePhotos.Photos;

/// <summary>A resolved owner: who it is in the store, and how Graph names it in <c>@odata.context</c>.</summary>
/// <param name="Kind">A user, a group or a contact.</param>
/// <param name="TenantId">The tenant it lives in: the caller's.</param>
/// <param name="Id">The owner's id in the store.</param>
/// <param name="MailboxId">The user whose contact this is; for contacts only.</param>
public sealed record ResolvedOwner(PhotoOwnerKind Kind, Guid TenantId, Guid Id, Guid? MailboxId = null)
{
    /// <summary>Made when a JSON answer needs it, not on every read of the bytes.</summary>
    public string ContextPath => Kind switch
    {
        PhotoOwnerKind.Group => $"groups('{Id:D}')",
        PhotoOwnerKind.Contact => $"users('{MailboxId:D}')/contacts('{Id:D}')",
        _ => $"users('{Id:D}')",
    };
}

/// <summary>
/// Finds the owner in the caller's tenant (<see cref="DirectoryLookup"/>: 404 when it does not
/// exist there) and applies the rule that depends on the owner itself rather than on the token:
/// a delegated group photo change needs the caller to own the group.
/// </summary>
public sealed class PhotoOwnerResolver(DirectoryLookup lookup, IGroupStore groups)
{
    public async Task<ResolvedOwner> ResolveAsync(PhotoOwner owner, Caller caller, bool forWrite, CancellationToken cancellationToken)
    {
        switch (owner.Kind)
        {
            case PhotoOwnerKind.Group:
                var group = await lookup.GroupAsync(caller, owner.Path.Group!, cancellationToken);
                if (forWrite && !caller.IsApplication && !await groups.IsLinkedAsync(caller.TenantId, group.Id, GroupLink.Owners, caller.ObjectId, cancellationToken))
                {
                    throw GraphException.AccessDenied("ErrorAccessDenied", "Only an owner of the group can change its photo with a delegated token.");
                }

                return new ResolvedOwner(PhotoOwnerKind.Group, caller.TenantId, group.Id);
            case PhotoOwnerKind.Contact:
                var (scope, contact) = await lookup.ContactAsync(caller, owner.Path, cancellationToken);
                return new ResolvedOwner(PhotoOwnerKind.Contact, caller.TenantId, contact.Id, scope.Mailbox.Id);
            default:
                var user = await lookup.UserAsync(caller, owner.Path.Mailbox ?? UserAddress.Me, cancellationToken);
                return new ResolvedOwner(PhotoOwnerKind.User, caller.TenantId, user.Id);
        }
    }
}
