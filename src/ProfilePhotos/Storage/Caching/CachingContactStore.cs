using ProfilePhotos.Principals.Contacts;

namespace ProfilePhotos.Storage.Caching;

/// <summary>Contacts and folders by id remembered until the next write: see <see cref="RecordCache"/>.</summary>
public sealed class CachingContactStore(IContactStore inner, RecordCache cache) : IContactStore
{
    public Task CreateFolderAsync(ContactFolderRecord folder, CancellationToken cancellationToken) =>
        cache.WriteAsync(inner.CreateFolderAsync(folder, cancellationToken));

    public Task<ContactFolderRecord?> GetFolderAsync(Guid tenantId, Guid mailboxId, Guid folderId, CancellationToken cancellationToken) =>
        cache.ReadAsync(new FolderKey(tenantId, mailboxId, folderId), inner,
            static (key, contacts, ct) => contacts.GetFolderAsync(key.TenantId, key.MailboxId, key.FolderId, ct), cancellationToken);

    public Task<IReadOnlyList<ContactFolderRecord>> ListFoldersAsync(Guid tenantId, Guid mailboxId, Guid? parentFolderId, CancellationToken cancellationToken) =>
        inner.ListFoldersAsync(tenantId, mailboxId, parentFolderId, cancellationToken);

    public Task<bool> DeleteFolderAsync(Guid tenantId, Guid mailboxId, Guid folderId, CancellationToken cancellationToken) =>
        cache.WriteAsync(inner.DeleteFolderAsync(tenantId, mailboxId, folderId, cancellationToken));

    public Task CreateContactAsync(ContactRecord contact, CancellationToken cancellationToken) =>
        cache.WriteAsync(inner.CreateContactAsync(contact, cancellationToken));

    public Task<ContactRecord?> GetContactAsync(Guid tenantId, Guid mailboxId, Guid contactId, CancellationToken cancellationToken) =>
        cache.ReadAsync(new ContactKey(tenantId, mailboxId, contactId), inner,
            static (key, contacts, ct) => contacts.GetContactAsync(key.TenantId, key.MailboxId, key.ContactId, ct), cancellationToken);

    public Task<IReadOnlyList<ContactRecord>> ListContactsAsync(Guid tenantId, Guid mailboxId, Guid? folderId, CancellationToken cancellationToken) =>
        inner.ListContactsAsync(tenantId, mailboxId, folderId, cancellationToken);

    public Task<bool> DeleteContactAsync(Guid tenantId, Guid mailboxId, Guid contactId, CancellationToken cancellationToken) =>
        cache.WriteAsync(inner.DeleteContactAsync(tenantId, mailboxId, contactId, cancellationToken));

    private readonly record struct FolderKey(Guid TenantId, Guid MailboxId, Guid FolderId);

    private readonly record struct ContactKey(Guid TenantId, Guid MailboxId, Guid ContactId);
}
