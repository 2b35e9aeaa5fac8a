using System.Text.Json;
using Npgsql;
using ProfilePhotos.Storage.Postgres;

namespace ProfilePhotos.Principals.Contacts;

public sealed class PostgresContactStore(PostgresDatabase database) : IContactStore
{
    private const string FolderColumns = "id, tenant_id, mailbox_id, parent_id, display_name";
    private const string ContactColumns =
        "id, tenant_id, mailbox_id, folder_id, display_name, given_name, surname, email_addresses, created_at, modified_at";

    public async Task CreateFolderAsync(ContactFolderRecord folder, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            $"INSERT INTO contact_folders ({FolderColumns}) VALUES (@id, @tenant, @mailbox, @parent, @name)",
            ("id", folder.Id), ("tenant", folder.TenantId), ("mailbox", folder.MailboxId), ("parent", folder.ParentFolderId), ("name", folder.DisplayName));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<ContactFolderRecord?> GetFolderAsync(Guid tenantId, Guid mailboxId, Guid folderId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            $"SELECT {FolderColumns} FROM contact_folders WHERE tenant_id = @tenant AND mailbox_id = @mailbox AND id = @id",
            ("tenant", tenantId), ("mailbox", mailboxId), ("id", folderId));
        return await command.ReadFirstAsync(MapFolder, cancellationToken);
    }

    public async Task<IReadOnlyList<ContactFolderRecord>> ListFoldersAsync(Guid tenantId, Guid mailboxId, Guid? parentFolderId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            $"SELECT {FolderColumns} FROM contact_folders WHERE tenant_id = @tenant AND mailbox_id = @mailbox AND parent_id IS NOT DISTINCT FROM @parent::uuid ORDER BY display_name, id",
            ("tenant", tenantId), ("mailbox", mailboxId), ("parent", parentFolderId));
        return await command.ReadAllAsync(MapFolder, cancellationToken);
    }

    public async Task<bool> DeleteFolderAsync(Guid tenantId, Guid mailboxId, Guid folderId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            "DELETE FROM contact_folders WHERE tenant_id = @tenant AND mailbox_id = @mailbox AND id = @id",
            ("tenant", tenantId), ("mailbox", mailboxId), ("id", folderId));
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task CreateContactAsync(ContactRecord contact, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            $"INSERT INTO contacts ({ContactColumns}) VALUES (@id, @tenant, @mailbox, @folder, @name, @given, @surname, @emails, @created, @modified)",
            ("id", contact.Id), ("tenant", contact.TenantId), ("mailbox", contact.MailboxId), ("folder", contact.FolderId),
            ("name", contact.DisplayName), ("given", contact.GivenName), ("surname", contact.Surname),
            ("emails", JsonSerializer.Serialize(contact.EmailAddresses)), ("created", contact.CreatedDateTime.UtcDateTime),
            ("modified", contact.LastModifiedDateTime.UtcDateTime));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<ContactRecord?> GetContactAsync(Guid tenantId, Guid mailboxId, Guid contactId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            $"SELECT {ContactColumns} FROM contacts WHERE tenant_id = @tenant AND mailbox_id = @mailbox AND id = @id",
            ("tenant", tenantId), ("mailbox", mailboxId), ("id", contactId));
        return await command.ReadFirstAsync(MapContact, cancellationToken);
    }

    public async Task<IReadOnlyList<ContactRecord>> ListContactsAsync(Guid tenantId, Guid mailboxId, Guid? folderId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            $"SELECT {ContactColumns} FROM contacts WHERE tenant_id = @tenant AND mailbox_id = @mailbox AND folder_id IS NOT DISTINCT FROM @folder::uuid ORDER BY created_at, id",
            ("tenant", tenantId), ("mailbox", mailboxId), ("folder", folderId));
        return await command.ReadAllAsync(MapContact, cancellationToken);
    }

    public async Task<bool> DeleteContactAsync(Guid tenantId, Guid mailboxId, Guid contactId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            "DELETE FROM contacts WHERE tenant_id = @tenant AND mailbox_id = @mailbox AND id = @id",
            ("tenant", tenantId), ("mailbox", mailboxId), ("id", contactId));
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private static ContactFolderRecord MapFolder(NpgsqlDataReader r) => new(
        r.Get<Guid>("id"), r.Get<Guid>("tenant_id"), r.Get<Guid>("mailbox_id"), r.NullableGuid("parent_id"), r.Get<string>("display_name"));

    private static ContactRecord MapContact(NpgsqlDataReader r) => new(
        r.Get<Guid>("id"), r.Get<Guid>("tenant_id"), r.Get<Guid>("mailbox_id"), r.NullableGuid("folder_id"),
        r.Nullable<string>("display_name"), r.Nullable<string>("given_name"), r.Nullable<string>("surname"),
        JsonSerializer.Deserialize<EmailAddress[]>(r.Get<string>("email_addresses")) ?? [],
        new DateTimeOffset(r.Get<DateTime>("created_at"), TimeSpan.Zero), new DateTimeOffset(r.Get<DateTime>("modified_at"), TimeSpan.Zero));
}
