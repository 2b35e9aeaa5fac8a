using ProfilePhotos.Graph;
using ProfilePhotos.Identity;
using ProfilePhotos.Principals;
using ProfilePhotos.Principals.Contacts;
using ProfilePhotos.Principals.Groups;
using ProfilePhotos.Principals.Users;

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
/// Finds the owner in the caller's tenant (404 when it does not exist there) and applies the rules
/// that depend on the owner itself rather than on the token: a delegated group photo change needs
/// the caller to own the group.
/// </summary>
public sealed class PhotoOwnerResolver(IUserStore users, IGroupStore groups, IContactStore contacts)
{
    public async Task<ResolvedOwner> ResolveAsync(HttpContext context, PhotoOwner owner, Caller caller, bool forWrite)
    {
        var cancellationToken = context.RequestAborted;
        var mailbox = new UserAddress(context.GetRouteValue("user") as string);
        switch (owner.Kind)
        {
            case PhotoOwnerKind.Group:
                var group = await GroupsApi.ExistingGroupAsync(owner.Group!, caller, groups, cancellationToken);
                if (forWrite && !caller.IsApplication && !await groups.IsLinkedAsync(caller.TenantId, group.Id, GroupLink.Owners, caller.ObjectId, cancellationToken))
                {
                    throw GraphException.AccessDenied("ErrorAccessDenied", "Only an owner of the group can change its photo with a delegated token.");
                }

                return new ResolvedOwner(PhotoOwnerKind.Group, caller.TenantId, group.Id);
            case PhotoOwnerKind.Contact:
                var scope = await ContactScope.ResolveAsync(context, caller, mailbox, users, contacts);
                var contact = await scope.ContactAsync(owner.Contact!, contacts, cancellationToken);
                return new ResolvedOwner(PhotoOwnerKind.Contact, caller.TenantId, contact.Id, scope.Mailbox.Id);
            default:
                var user = await mailbox.ResolveAsync(caller, users, cancellationToken);
                return new ResolvedOwner(PhotoOwnerKind.User, caller.TenantId, user.Id);
        }
    }
}
