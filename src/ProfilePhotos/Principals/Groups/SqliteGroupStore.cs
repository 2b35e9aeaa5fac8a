using System.Text.Json;
using Microsoft.Data.Sqlite;
using ProfilePhotos.Principals.Users;
using ProfilePhotos.Storage;

namespace ProfilePhotos.Principals.Groups;

public sealed class SqliteGroupStore(SqliteDatabase database) : IGroupStore
{
    private const string Columns =
        "id, tenant_id, display_name, description, mail_nickname, mail_enabled, security_enabled, group_types, created_at";

    public async Task CreateAsync(GroupRecord group, IReadOnlyCollection<(GroupLink Link, Guid UserId)> links, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = connection.Command(
            $"INSERT INTO groups ({Columns}) VALUES ($id, $tenant, $name, $description, $nick, $mail, $security, $types, $created)",
            ("$id", group.Id), ("$tenant", group.TenantId), ("$name", group.DisplayName), ("$description", group.Description),
            ("$nick", group.MailNickname), ("$mail", group.MailEnabled), ("$security", group.SecurityEnabled),
            ("$types", JsonSerializer.Serialize(group.GroupTypes)), ("$created", group.CreatedDateTime)))
        {
            insert.Transaction = transaction;
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var (link, userId) in links.Distinct())
        {
            await using var add = LinkInsert(connection, group.TenantId, group.Id, link, userId);
            add.Transaction = transaction;
            await add.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<GroupRecord?> GetAsync(Guid tenantId, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            $"SELECT {Columns} FROM groups WHERE tenant_id = $tenant AND id = $id", ("$tenant", tenantId), ("$id", id));
        return await command.ReadFirstAsync(Map, cancellationToken);
    }

    public async Task<Page<GroupRecord>> ListAsync(Guid tenantId, int top, Guid? after, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            $"SELECT {Columns} FROM groups WHERE tenant_id = $tenant AND id > $after ORDER BY id LIMIT $limit",
            ("$tenant", tenantId), ("$after", after?.ToString("D") ?? ""), ("$limit", top + 1));
        var rows = await command.ReadAllAsync(Map, cancellationToken);
        return Page<GroupRecord>.FromRows(rows, top, r => r.Id);
    }

    public async Task<bool> DeleteAsync(Guid tenantId, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            "DELETE FROM groups WHERE tenant_id = $tenant AND id = $id", ("$tenant", tenantId), ("$id", id));
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<bool> AddLinkAsync(Guid tenantId, Guid groupId, GroupLink link, Guid userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = LinkInsert(connection, tenantId, groupId, link, userId);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<bool> RemoveLinkAsync(Guid tenantId, Guid groupId, GroupLink link, Guid userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            """
            DELETE FROM group_links WHERE group_id = $group AND kind = $kind AND user_id = $user
              AND EXISTS (SELECT 1 FROM groups WHERE id = $group AND tenant_id = $tenant)
            """,
            ("$group", groupId), ("$kind", link.ToString()), ("$user", userId), ("$tenant", tenantId));
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<IReadOnlyList<UserRecord>> ListLinkedAsync(Guid tenantId, Guid groupId, GroupLink link, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            $"""
            SELECT {SqliteUserStore.Columns}
            FROM group_links l JOIN users u ON u.id = l.user_id
            WHERE l.group_id = $group AND l.kind = $kind AND u.tenant_id = $tenant
            ORDER BY u.id
            """,
            ("$group", groupId), ("$kind", link.ToString()), ("$tenant", tenantId));
        return await command.ReadAllAsync(SqliteUserStore.Map, cancellationToken);
    }

    public async Task<bool> IsLinkedAsync(Guid tenantId, Guid groupId, GroupLink link, Guid userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            """
            SELECT EXISTS (SELECT 1 FROM group_links l JOIN groups g ON g.id = l.group_id
                           WHERE l.group_id = $group AND l.kind = $kind AND l.user_id = $user AND g.tenant_id = $tenant)
            """,
            ("$group", groupId), ("$kind", link.ToString()), ("$user", userId), ("$tenant", tenantId));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) != 0;
    }

    /// <summary>Inserts a link only when group and user both belong to the tenant; a repeat is ignored.</summary>
    private static SqliteCommand LinkInsert(SqliteConnection connection, Guid tenantId, Guid groupId, GroupLink link, Guid userId) =>
        connection.Command(
            """
            INSERT OR IGNORE INTO group_links (group_id, kind, user_id)
            SELECT $group, $kind, $user
            WHERE EXISTS (SELECT 1 FROM groups WHERE id = $group AND tenant_id = $tenant)
              AND EXISTS (SELECT 1 FROM users WHERE id = $user AND tenant_id = $tenant)
            """,
            ("$group", groupId), ("$kind", link.ToString()), ("$user", userId), ("$tenant", tenantId));

    private static GroupRecord Map(SqliteDataReader r) => new(
        r.GetGuid("id"), r.GetGuid("tenant_id"), r.GetText("display_name"), r.GetNullableString("description"),
        r.GetText("mail_nickname"), r.GetFlag("mail_enabled"), r.GetFlag("security_enabled"),
        JsonSerializer.Deserialize<string[]>(r.GetText("group_types")) ?? [], r.GetTime("created_at"));
}
