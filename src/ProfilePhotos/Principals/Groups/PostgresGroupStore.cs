using System.Text.Json;
using Npgsql;
using ProfilePhotos.Principals.Users;
using ProfilePhotos.Storage.Postgres;

namespace ProfilePhotos.Principals.Groups;

public sealed class PostgresGroupStore(PostgresDatabase database) : IGroupStore
{
    private const string Columns =
        "id, tenant_id, display_name, description, mail_nickname, mail_enabled, security_enabled, group_types, created_at";

    public async Task CreateAsync(GroupRecord group, IReadOnlyCollection<(GroupLink Link, Guid UserId)> links, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = connection.Command(
            $"INSERT INTO groups ({Columns}) VALUES (@id, @tenant, @name, @description, @nick, @mail, @security, @types, @created)",
            ("id", group.Id), ("tenant", group.TenantId), ("name", group.DisplayName), ("description", group.Description),
            ("nick", group.MailNickname), ("mail", group.MailEnabled), ("security", group.SecurityEnabled),
            ("types", JsonSerializer.Serialize(group.GroupTypes)), ("created", group.CreatedDateTime.UtcDateTime)).In(transaction))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var (link, userId) in links.Distinct())
        {
            await using var add = LinkInsert(connection, group.TenantId, group.Id, link, userId).In(transaction);
            await add.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<GroupRecord?> GetAsync(Guid tenantId, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command($"SELECT {Columns} FROM groups WHERE tenant_id = @tenant AND id = @id", ("tenant", tenantId), ("id", id));
        return await command.ReadFirstAsync(Map, cancellationToken);
    }

    public async Task<Page<GroupRecord>> ListAsync(Guid tenantId, int top, Guid? after, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            $"SELECT {Columns} FROM groups WHERE tenant_id = @tenant AND (@after::uuid IS NULL OR id > @after::uuid) ORDER BY id LIMIT @limit",
            ("tenant", tenantId), ("after", after), ("limit", top + 1));
        var rows = await command.ReadAllAsync(Map, cancellationToken);
        return Page<GroupRecord>.FromRows(rows, top, r => r.Id);
    }

    public async Task<bool> DeleteAsync(Guid tenantId, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("DELETE FROM groups WHERE tenant_id = @tenant AND id = @id", ("tenant", tenantId), ("id", id));
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
            DELETE FROM group_links WHERE group_id = @group AND kind = @kind AND user_id = @user
              AND EXISTS (SELECT 1 FROM groups WHERE id = @group AND tenant_id = @tenant)
            """,
            ("group", groupId), ("kind", link.ToString()), ("user", userId), ("tenant", tenantId));
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<IReadOnlyList<UserRecord>> ListLinkedAsync(Guid tenantId, Guid groupId, GroupLink link, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            $"""
            SELECT {PostgresUserStore.Columns}
            FROM group_links l JOIN users u ON u.id = l.user_id
            WHERE l.group_id = @group AND l.kind = @kind AND u.tenant_id = @tenant
            ORDER BY u.id
            """,
            ("group", groupId), ("kind", link.ToString()), ("tenant", tenantId));
        return await command.ReadAllAsync(PostgresUserStore.Map, cancellationToken);
    }

    public async Task<bool> IsLinkedAsync(Guid tenantId, Guid groupId, GroupLink link, Guid userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            """
            SELECT EXISTS (SELECT 1 FROM group_links l JOIN groups g ON g.id = l.group_id
                           WHERE l.group_id = @group AND l.kind = @kind AND l.user_id = @user AND g.tenant_id = @tenant)
            """,
            ("group", groupId), ("kind", link.ToString()), ("user", userId), ("tenant", tenantId));
        return await command.ExistsAsync(cancellationToken);
    }

    private static NpgsqlCommand LinkInsert(NpgsqlConnection connection, Guid tenantId, Guid groupId, GroupLink link, Guid userId) =>
        connection.Command(
            """
            INSERT INTO group_links (group_id, kind, user_id)
            SELECT @group, @kind, @user
            WHERE EXISTS (SELECT 1 FROM groups WHERE id = @group AND tenant_id = @tenant)
              AND EXISTS (SELECT 1 FROM users WHERE id = @user AND tenant_id = @tenant)
            ON CONFLICT DO NOTHING
            """,
            ("group", groupId), ("kind", link.ToString()), ("user", userId), ("tenant", tenantId));

    private static GroupRecord Map(NpgsqlDataReader r) => new(
        r.Get<Guid>("id"), r.Get<Guid>("tenant_id"), r.Get<string>("display_name"), r.Nullable<string>("description"),
        r.Get<string>("mail_nickname"), r.Get<bool>("mail_enabled"), r.Get<bool>("security_enabled"),
        JsonSerializer.Deserialize<string[]>(r.Get<string>("group_types")) ?? [], new DateTimeOffset(r.Get<DateTime>("created_at"), TimeSpan.Zero));
}
