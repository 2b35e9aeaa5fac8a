using System.Text.Json;
using ProfilePhotos.Storage.Sql;

namespace ProfilePhotos.Principals.Contacts;

public sealed class SqlContactStore(SqlDatabase database) : IContactStore
{
    private const string FolderColumns = "id, tenant_id, mailbox_id, parent_id, display_name";
    private const string ContactColumns =
        "id, tenant_id, mailbox_id, folder_id, display_name, given_name, surname, email_addresses, created_at, modified_at";

    private const string InMailbox = "tenant_id = @tenant AND mailbox_id = @mailbox";

    public async Task CreateFolderAsync(ContactFolderRecord folder, CancellationToken cancellationToken)
    {
        await using var sql = await database.OpenAsync(cancellationToken);
        await sql.ExecuteAsync(
            $"INSERT INTO contact_folders ({FolderColumns}) VALUES (@id, @tenant, @mailbox, @parent, @name)", cancellationToken,
            ("id", folder.Id), ("tenant", folder.TenantId), ("mailbox", folder.MailboxId), ("parent", folder.ParentFolderId), ("name", folder.DisplayName));
    }

    public async Task<ContactFolderRecord?> GetFolderAsync(Guid tenantId, Guid mailboxId, Guid folderId, CancellationToken cancellationToken)
    {
        await using var sql = await database.OpenAsync(cancellationToken);
        return await sql.FirstAsync(
            $"SELECT {FolderColumns} FROM contact_folders WHERE {InMailbox} AND id = @id", MapFolder, cancellationToken,
            ("tenant", tenantId), ("mailbox", mailboxId), ("id", folderId));
    }

    public async Task<IReadOnlyList<ContactFolderRecord>> ListFoldersAsync(Guid tenantId, Guid mailboxId, Guid? parentFolderId, CancellationToken cancellationToken)
    {
        await using var sql = await database.OpenAsync(cancellationToken);
        return await sql.ListAsync(
            $"SELECT {FolderColumns} FROM contact_folders WHERE {InMailbox} AND {Matches("parent_id", parentFolderId)} ORDER BY display_name, id",
            MapFolder, cancellationToken, ("tenant", tenantId), ("mailbox", mailboxId), ("parent_id", parentFolderId));
    }

    public async Task<bool> DeleteFolderAsync(Guid tenantId, Guid mailboxId, Guid folderId, CancellationToken cancellationToken)
    {
        await using var sql = await database.OpenAsync(cancellationToken);
        return await sql.ExecuteAsync(
            $"DELETE FROM contact_folders WHERE {InMailbox} AND id = @id", cancellationToken,
            ("tenant", tenantId), ("mailbox", mailboxId), ("id", folderId)) > 0;
    }

    public async Task CreateContactAsync(ContactRecord contact, CancellationToken cancellationToken)
    {
        await using var sql = await database.OpenAsync(cancellationToken);
        await sql.ExecuteAsync(
            $"INSERT INTO contacts ({ContactColumns}) VALUES (@id, @tenant, @mailbox, @folder, @name, @given, @surname, @emails, @created, @modified)",
            cancellationToken,
            ("id", contact.Id), ("tenant", contact.TenantId), ("mailbox", contact.MailboxId), ("folder", contact.FolderId),
            ("name", contact.DisplayName), ("given", contact.GivenName), ("surname", contact.Surname),
            ("emails", JsonSerializer.Serialize(contact.EmailAddresses)), ("created", contact.CreatedDateTime), ("modified", contact.LastModifiedDateTime));
    }

    public async Task<ContactRecord?> GetContactAsync(Guid tenantId, Guid mailboxId, Guid contactId, CancellationToken cancellationToken)
    {
        await using var sql = await database.OpenAsync(cancellationToken);
        return await sql.FirstAsync(
            $"SELECT {ContactColumns} FROM contacts WHERE {InMailbox} AND id = @id", MapContact, cancellationToken,
            ("tenant", tenantId), ("mailbox", mailboxId), ("id", contactId));
    }

    public async Task<IReadOnlyList<ContactRecord>> ListContactsAsync(Guid tenantId, Guid mailboxId, Guid? folderId, CancellationToken cancellationToken)
    {
        await using var sql = await database.OpenAsync(cancellationToken);
        return await sql.ListAsync(
            $"SELECT {ContactColumns} FROM contacts WHERE {InMailbox} AND {Matches("folder_id", folderId)} ORDER BY created_at, id",
            MapContact, cancellationToken, ("tenant", tenantId), ("mailbox", mailboxId), ("folder_id", folderId));
    }

    public async Task<bool> DeleteContactAsync(Guid tenantId, Guid mailboxId, Guid contactId, CancellationToken cancellationToken)
    {
        await using var sql = await database.OpenAsync(cancellationToken);
        return await sql.ExecuteAsync(
            $"DELETE FROM contacts WHERE {InMailbox} AND id = @id", cancellationToken,
            ("tenant", tenantId), ("mailbox", mailboxId), ("id", contactId)) > 0;
    }

    /// <summary>A nullable column against a value: "is null" chosen here, not by each database's NULL comparison.</summary>
    private static string Matches(string column, Guid? value) => value is null ? $"{column} IS NULL" : $"{column} = @{column}";

    private static ContactFolderRecord MapFolder(SqlRow r) => new(
        r.Guid("id"), r.Guid("tenant_id"), r.Guid("mailbox_id"), r.NullableGuid("parent_id"), r.Text("display_name"));

    private static ContactRecord MapContact(SqlRow r) => new(
        r.Guid("id"), r.Guid("tenant_id"), r.Guid("mailbox_id"), r.NullableGuid("folder_id"),
        r.NullableText("display_name"), r.NullableText("given_name"), r.NullableText("surname"),
        JsonSerializer.Deserialize<EmailAddress[]>(r.Text("email_addresses")) ?? [],
        r.Time("created_at"), r.Time("modified_at"));
}
