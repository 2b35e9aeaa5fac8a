using System.Data.Common;
using ProfilePhotos.Storage;
using ProfilePhotos.Storage.Sql;

namespace ProfilePhotos.Principals.Users;

public sealed class SqlUserStore(SqlDatabase database) : IUserStore
{
    internal const string Columns =
        "id, tenant_id, user_principal_name, display_name, mail_nickname, given_name, surname, job_title, mail, account_enabled, created_at";

    public async Task CreateAsync(UserRecord user, string passwordHash, CancellationToken cancellationToken)
    {
        await using var sql = await database.OpenAsync(cancellationToken);
        try
        {
            await sql.ExecuteAsync(
                $"INSERT INTO users ({Columns}, upn_key, password_hash) VALUES (@id, @tenant, @upn, @name, @nick, @given, @surname, @title, @mail, @enabled, @created, @key, @hash)",
                cancellationToken,
                ("id", user.Id), ("tenant", user.TenantId), ("upn", user.UserPrincipalName), ("name", user.DisplayName),
                ("nick", user.MailNickname), ("given", user.GivenName), ("surname", user.Surname), ("title", user.JobTitle),
                ("mail", user.Mail), ("enabled", user.AccountEnabled), ("created", user.CreatedDateTime),
                ("key", PrincipalName.Key(user.UserPrincipalName)), ("hash", passwordHash));
        }
        catch (DbException ex) when (database.Dialect.IsUniqueViolation(ex))
        {
            throw new DuplicateKeyException("Another object with the same value for property userPrincipalName already exists.", ex);
        }
    }

    public async Task<UserRecord?> GetAsync(Guid tenantId, Guid id, CancellationToken cancellationToken)
    {
        await using var sql = await database.OpenAsync(cancellationToken);
        return await sql.FirstAsync($"SELECT {Columns} FROM users WHERE tenant_id = @tenant AND id = @id", Map, cancellationToken, ("tenant", tenantId), ("id", id));
    }

    public async Task<UserRecord?> FindByPrincipalNameAsync(Guid tenantId, string userPrincipalName, CancellationToken cancellationToken)
    {
        await using var sql = await database.OpenAsync(cancellationToken);
        return await sql.FirstAsync(
            $"SELECT {Columns} FROM users WHERE tenant_id = @tenant AND upn_key = @key", Map, cancellationToken,
            ("tenant", tenantId), ("key", PrincipalName.Key(userPrincipalName)));
    }

    public Task<Page<UserRecord>> ListAsync(Guid tenantId, int top, Guid? after, CancellationToken cancellationToken) =>
        Page<UserRecord>.ReadAsync(database, "users", Columns, Map, r => r.Id, tenantId, top, after, cancellationToken);

    public async Task<bool> DeleteAsync(Guid tenantId, Guid id, CancellationToken cancellationToken)
    {
        await using var sql = await database.OpenAsync(cancellationToken);
        return await sql.ExecuteAsync("DELETE FROM users WHERE tenant_id = @tenant AND id = @id", cancellationToken, ("tenant", tenantId), ("id", id)) > 0;
    }

    public async Task<string?> GetPasswordHashAsync(Guid tenantId, Guid id, CancellationToken cancellationToken)
    {
        await using var sql = await database.OpenAsync(cancellationToken);
        return await sql.ScalarAsync("SELECT password_hash FROM users WHERE tenant_id = @tenant AND id = @id", cancellationToken, ("tenant", tenantId), ("id", id)) as string;
    }

    public async Task<bool> TenantHasUsersAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var sql = await database.OpenAsync(cancellationToken);
        return await sql.ExistsAsync("SELECT EXISTS (SELECT 1 FROM users WHERE tenant_id = @tenant)", cancellationToken, ("tenant", tenantId));
    }

    internal static UserRecord Map(SqlRow r) => new(
        r.Guid("id"), r.Guid("tenant_id"), r.Text("user_principal_name"), r.Text("display_name"),
        r.NullableText("mail_nickname"), r.NullableText("given_name"), r.NullableText("surname"),
        r.NullableText("job_title"), r.NullableText("mail"), r.Flag("account_enabled"), r.Time("created_at"));
}
