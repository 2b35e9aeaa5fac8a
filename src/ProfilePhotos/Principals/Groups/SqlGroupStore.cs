using System.Text.Json;
using ProfilePhotos.Principals.Users;
using ProfilePhotos.Storage;
using ProfilePhotos.Storage.Sql;

namespace ProfilePhotos.Principals.Groups;

public sealed class SqlGroupStore(SqlDatabase database) : IGroupStore
{
    private const string Columns =
        "id, tenant_id, display_name, description, mail_nickname, mail_enabled, security_enabled, group_types, created_at";

    /// <summary>
    /// Inserts a link only when group and user both belong to the tenant; a repeat is ignored.
    /// (SQLite reads <c>ON CONFLICT</c> after a SELECT unambiguously only when it has a WHERE, as here.)
    /// </summary>
    private const string LinkInsert = """
        INSERT INTO group_links (group_id, kind, user_id)
        SELECT @group, @kind, @user
        WHERE EXISTS (SELECT 1 FROM groups WHERE id = @group AND tenant_id = @tenant)
          AND EXISTS (SELECT 1 FROM users WHERE id = @user AND tenant_id = @tenant)
        ON CONFLICT DO NOTHING
        """;

    public async Task CreateAsync(GroupRecord group, IReadOnlyCollection<(GroupLink Link, Guid UserId)> links, CancellationToken cancellationToken)
    {
        await using var sql = await database.OpenAsync(cancellationToken);
        await sql.BeginAsync(cancellationToken);
        await sql.ExecuteAsync(
            $"INSERT INTO groups ({Columns}) VALUES (@id, @tenant, @name, @description, @nick, @mail, @security, @types, @created)",
            cancellationToken,
            ("id", group.Id), ("tenant", group.TenantId), ("name", group.DisplayName), ("description", group.Description),
            ("nick", group.MailNickname), ("mail", group.MailEnabled), ("security", group.SecurityEnabled),
            ("types", JsonSerializer.Serialize(group.GroupTypes)), ("created", group.CreatedDateTime));
        foreach (var (link, userId) in links.Distinct())
        {
            await sql.ExecuteAsync(LinkInsert, cancellationToken, LinkParameters(group.TenantId, group.Id, link, userId));
        }

        await sql.CommitAsync(cancellationToken);
    }

    public async Task<GroupRecord?> GetAsync(Guid tenantId, Guid id, CancellationToken cancellationToken)
    {
        await using var sql = await database.OpenAsync(cancellationToken);
        return await sql.FirstAsync($"SELECT {Columns} FROM groups WHERE tenant_id = @tenant AND id = @id", Map, cancellationToken, ("tenant", tenantId), ("id", id));
    }

    public Task<Page<GroupRecord>> ListAsync(Guid tenantId, int top, Guid? after, CancellationToken cancellationToken) =>
        Page<GroupRecord>.ReadAsync(database, "groups", Columns, Map, r => r.Id, tenantId, top, after, cancellationToken);

    public async Task<bool> DeleteAsync(Guid tenantId, Guid id, CancellationToken cancellationToken)
    {
        await using var sql = await database.OpenAsync(cancellationToken);
        return await sql.ExecuteAsync("DELETE FROM groups WHERE tenant_id = @tenant AND id = @id", cancellationToken, ("tenant", tenantId), ("id", id)) > 0;
    }

    public async Task<bool> AddLinkAsync(Guid tenantId, Guid groupId, GroupLink link, Guid userId, CancellationToken cancellationToken)
    {
        await using var sql = await database.OpenAsync(cancellationToken);
        return await sql.ExecuteAsync(LinkInsert, cancellationToken, LinkParameters(tenantId, groupId, link, userId)) > 0;
    }

    public async Task<bool> RemoveLinkAsync(Guid tenantId, Guid groupId, GroupLink link, Guid userId, CancellationToken cancellationToken)
    {
        await using var sql = await database.OpenAsync(cancellationToken);
        return await sql.ExecuteAsync(
            """
            DELETE FROM group_links WHERE group_id = @group AND kind = @kind AND user_id = @user
              AND EXISTS (SELECT 1 FROM groups WHERE id = @group AND tenant_id = @tenant)
            """,
            cancellationToken, LinkParameters(tenantId, groupId, link, userId)) > 0;
    }

    public async Task<IReadOnlyList<UserRecord>> ListLinkedAsync(Guid tenantId, Guid groupId, GroupLink link, CancellationToken cancellationToken)
    {
        await using var sql = await database.OpenAsync(cancellationToken);
        return await sql.ListAsync(
            $"""
            SELECT {SqlUserStore.Columns}
            FROM group_links l JOIN users u ON u.id = l.user_id
            WHERE l.group_id = @group AND l.kind = @kind AND u.tenant_id = @tenant
            ORDER BY u.id
            """,
            SqlUserStore.Map, cancellationToken, ("group", groupId), ("kind", link.ToString()), ("tenant", tenantId));
    }

    public async Task<bool> IsLinkedAsync(Guid tenantId, Guid groupId, GroupLink link, Guid userId, CancellationToken cancellationToken)
    {
        await using var sql = await database.OpenAsync(cancellationToken);
        return await sql.ExistsAsync(
            """
            SELECT EXISTS (SELECT 1 FROM group_links l JOIN groups g ON g.id = l.group_id
                           WHERE l.group_id = @group AND l.kind = @kind AND l.user_id = @user AND g.tenant_id = @tenant)
            """,
            cancellationToken, LinkParameters(tenantId, groupId, link, userId));
    }

    private static (string, object?)[] LinkParameters(Guid tenantId, Guid groupId, GroupLink link, Guid userId) =>
        [("group", groupId), ("kind", link.ToString()), ("user", userId), ("tenant", tenantId)];

    private static GroupRecord Map(SqlRow r) => new(
        r.Guid("id"), r.Guid("tenant_id"), r.Text("display_name"), r.NullableText("description"),
        r.Text("mail_nickname"), r.Flag("mail_enabled"), r.Flag("security_enabled"),
        JsonSerializer.Deserialize<string[]>(r.Text("group_types")) ?? [], r.Time("created_at"));
}
