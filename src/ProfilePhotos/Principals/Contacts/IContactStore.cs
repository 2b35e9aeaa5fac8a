namespace ProfilePhotos.Principals.Contacts;

/// <summary>Contacts and contact folders of one mailbox (a user of a tenant) per call.</summary>
public interface IContactStore
{
    Task CreateFolderAsync(ContactFolderRecord folder, CancellationToken cancellationToken);

    /// <summary>Any folder of the mailbox, at any depth.</summary>
    Task<ContactFolderRecord?> GetFolderAsync(Guid tenantId, Guid mailboxId, Guid folderId, CancellationToken cancellationToken);

    /// <summary>The folders directly under <paramref name="parentFolderId"/> (null: the top level).</summary>
    Task<IReadOnlyList<ContactFolderRecord>> ListFoldersAsync(Guid tenantId, Guid mailboxId, Guid? parentFolderId, CancellationToken cancellationToken);

    /// <summary>Deletes the folder with its child folders and contacts.</summary>
    Task<bool> DeleteFolderAsync(Guid tenantId, Guid mailboxId, Guid folderId, CancellationToken cancellationToken);

    Task CreateContactAsync(ContactRecord contact, CancellationToken cancellationToken);

    /// <summary>Any contact of the mailbox, whatever its folder.</summary>
    Task<ContactRecord?> GetContactAsync(Guid tenantId, Guid mailboxId, Guid contactId, CancellationToken cancellationToken);

    /// <summary>The contacts directly in <paramref name="folderId"/> (null: the default Contacts folder).</summary>
    Task<IReadOnlyList<ContactRecord>> ListContactsAsync(Guid tenantId, Guid mailboxId, Guid? folderId, CancellationToken cancellationToken);

    Task<bool> DeleteContactAsync(Guid tenantId, Guid mailboxId, Guid contactId, CancellationToken cancellationToken);
}
