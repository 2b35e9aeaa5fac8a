using ProfilePhotos.Graph;
using ProfilePhotos.Identity;
using ProfilePhotos.Principals.Contacts;
using ProfilePhotos.Principals.Groups;
using ProfilePhotos.Principals.Users;

namespace ProfilePhotos.Principals;

/// <summary>
/// Finds what a path names in the caller's tenant, or answers as Graph does when it is not there
/// (another tenant's objects do not exist for the caller): the one place these rules live, for
/// every feature that addresses users, groups or contacts.
/// </summary>
public sealed class DirectoryLookup(IUserStore users, IGroupStore groups, IContactStore contacts)
{
    /// <summary>The user, or 404 <c>Request_ResourceNotFound</c>.</summary>
    public async Task<UserRecord> UserAsync(Caller caller, UserAddress address, CancellationToken cancellationToken)
    {
        var key = address.IdOrPrincipalName ?? caller.ObjectId.ToString("D");
        var user = Guid.TryParse(key, out var id)
            ? await users.GetAsync(caller.TenantId, id, cancellationToken)
            : await users.FindByPrincipalNameAsync(caller.TenantId, key, cancellationToken);
        return user ?? throw GraphException.ResourceNotFound(ClientText.Echo(key, 128));
    }

    /// <summary>A user named by id in a reference (<c>$ref</c>, <c>@odata.bind</c>), or 404.</summary>
    public async Task<UserRecord> UserAsync(Caller caller, Guid id, CancellationToken cancellationToken) =>
        await users.GetAsync(caller.TenantId, id, cancellationToken) ?? throw GraphException.ResourceNotFound(id.ToString("D"));

    /// <summary>The group, or 400 for an id that cannot be one and 404 for one that is not there.</summary>
    public async Task<GroupRecord> GroupAsync(Caller caller, string id, CancellationToken cancellationToken) =>
        await groups.GetAsync(caller.TenantId, DirectoryObjectReference.ParseId(id), cancellationToken)
        ?? throw GraphException.ResourceNotFound(ClientText.Echo(id));

    /// <summary>
    /// The place in a mailbox the path names: the mailbox alone, a folder, or a child folder of
    /// that folder; a folder that is not there (or not where the path says) is Outlook's 404.
    /// </summary>
    public async Task<ContactScope> ContactScopeAsync(Caller caller, ObjectPath path, CancellationToken cancellationToken)
    {
        var mailbox = await UserAsync(caller, path.Mailbox ?? UserAddress.Me, cancellationToken);
        ContactFolderRecord? folder = null;
        if (path.Folder is { } folderId)
        {
            folder = await contacts.GetFolderAsync(caller.TenantId, mailbox.Id, ContactScope.ParseItemId(folderId), cancellationToken)
                ?? throw GraphException.ItemNotFound();
        }

        if (path.ChildFolder is { } childId)
        {
            var child = await contacts.GetFolderAsync(caller.TenantId, mailbox.Id, ContactScope.ParseItemId(childId), cancellationToken);
            folder = child is not null && child.ParentFolderId == folder?.Id ? child : throw GraphException.ItemNotFound();
        }

        return new ContactScope(mailbox, folder);
    }

    /// <summary>The contact the path names, if it lies in the path's scope (anywhere in the mailbox when no folder is named).</summary>
    public async Task<(ContactScope Scope, ContactRecord Contact)> ContactAsync(Caller caller, ObjectPath path, CancellationToken cancellationToken)
    {
        var scope = await ContactScopeAsync(caller, path, cancellationToken);
        var contact = await contacts.GetContactAsync(caller.TenantId, scope.Mailbox.Id, ContactScope.ParseItemId(path.Contact ?? ""), cancellationToken);
        return contact is not null && (scope.Folder is null || contact.FolderId == scope.Folder.Id)
            ? (scope, contact)
            : throw GraphException.ItemNotFound();
    }
}
