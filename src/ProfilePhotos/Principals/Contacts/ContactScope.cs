using ProfilePhotos.Graph;
using ProfilePhotos.Identity;
using ProfilePhotos.Principals.Users;

namespace ProfilePhotos.Principals.Contacts;

/// <summary>
/// The place in a mailbox that a contacts path names: the mailbox alone (<c>/contacts</c>), a
/// folder (<c>/contactFolders/{folder}</c>) or a child folder (<c>.../childFolders/{child}</c>).
/// Parsed and resolved in one place, so every contact operation works the same at every depth.
/// </summary>
public sealed record ContactScope(UserRecord Mailbox, ContactFolderRecord? Folder)
{
    public static async Task<ContactScope> ResolveAsync(
        HttpContext context, Caller caller, UserAddress target, IUserStore users, IContactStore contacts)
    {
        var cancellationToken = context.RequestAborted;
        var mailbox = await target.ResolveAsync(caller, users, cancellationToken);
        ContactFolderRecord? folder = null;
        if (context.GetRouteValue("folder") is string folderId)
        {
            folder = await contacts.GetFolderAsync(caller.TenantId, mailbox.Id, ParseItemId(folderId), cancellationToken)
                ?? throw GraphException.ItemNotFound();
        }

        if (context.GetRouteValue("child") is string childId)
        {
            var child = await contacts.GetFolderAsync(caller.TenantId, mailbox.Id, ParseItemId(childId), cancellationToken);
            folder = child is not null && child.ParentFolderId == folder?.Id ? child : throw GraphException.ItemNotFound();
        }

        return new ContactScope(mailbox, folder);
    }

    /// <summary>The contact, if it lies in this scope (anywhere in the mailbox when no folder is named).</summary>
    public async Task<ContactRecord> ContactAsync(string contactId, IContactStore contacts, CancellationToken cancellationToken)
    {
        var contact = await contacts.GetContactAsync(Mailbox.TenantId, Mailbox.Id, ParseItemId(contactId), cancellationToken);
        return contact is not null && (Folder is null || contact.FolderId == Folder.Id) ? contact : throw GraphException.ItemNotFound();
    }

    /// <summary>Outlook's answer to an id that cannot be one.</summary>
    public static Guid ParseItemId(string id) =>
        Guid.TryParse(id, out var parsed) ? parsed : throw GraphException.BadRequest("Id is malformed.", "ErrorInvalidIdMalformed");
}
