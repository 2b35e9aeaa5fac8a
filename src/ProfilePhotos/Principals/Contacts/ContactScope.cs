using ProfilePhotos.Graph;
using ProfilePhotos.Principals.Users;

namespace ProfilePhotos.Principals.Contacts;

/// <summary>
/// A place in a mailbox, as <see cref="DirectoryLookup.ContactScopeAsync"/> resolves it: the
/// mailbox alone (<c>/contacts</c>), a folder, or a child folder. Every contact operation works
/// the same at every depth.
/// </summary>
public sealed record ContactScope(UserRecord Mailbox, ContactFolderRecord? Folder)
{
    /// <summary>Outlook's answer to an id that cannot be one.</summary>
    public static Guid ParseItemId(string id) =>
        Guid.TryParse(id, out var parsed) ? parsed : throw GraphException.BadRequest("Id is malformed.", "ErrorInvalidIdMalformed");
}
