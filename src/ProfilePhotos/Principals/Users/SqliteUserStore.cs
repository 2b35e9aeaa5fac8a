using Microsoft.Data.Sqlite;
using ProfilePhotos.Storage;

namespace ProfilePhotos.Principals.Users;

public sealed class SqliteUserStore(SqliteDatabase database) : IUserStore
{
    internal const string Columns =
        "id, tenant_id, user_principal_name, display_name, mail_nickname, given_name, surname, job_title, mail, account_enabled, created_at";

    public async Task CreateAsync(UserRecord user, string passwordHash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            $"INSERT INTO users ({Columns}, upn_key, password_hash) VALUES ($id, $tenant, $upn, $name, $nick, $given, $surname, $title, $mail, $enabled, $created, $key, $hash)",
            ("$id", user.Id), ("$tenant", user.TenantId), ("$upn", user.UserPrincipalName), ("$name", user.DisplayName),
            ("$nick", user.MailNickname), ("$given", user.GivenName), ("$surname", user.Surname), ("$title", user.JobTitle),
            ("$mail", user.Mail), ("$enabled", user.AccountEnabled), ("$created", user.CreatedDateTime),
            ("$key", PrincipalNameKey(user.UserPrincipalName)), ("$hash", passwordHash));
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException ex) when (ex.IsUniqueViolation())
        {
            throw new DuplicateKeyException("Another object with the same value for property userPrincipalName already exists.", ex);
        }
    }

    public async Task<UserRecord?> GetAsync(Guid tenantId, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            $"SELECT {Columns} FROM users WHERE tenant_id = $tenant AND id = $id", ("$tenant", tenantId), ("$id", id));
        return await command.ReadFirstAsync(Map, cancellationToken);
    }

    public async Task<UserRecord?> FindByPrincipalNameAsync(Guid tenantId, string userPrincipalName, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            $"SELECT {Columns} FROM users WHERE tenant_id = $tenant AND upn_key = $key",
            ("$tenant", tenantId), ("$key", PrincipalNameKey(userPrincipalName)));
        return await command.ReadFirstAsync(Map, cancellationToken);
    }

    public async Task<Page<UserRecord>> ListAsync(Guid tenantId, int top, Guid? after, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            $"SELECT {Columns} FROM users WHERE tenant_id = $tenant AND id > $after ORDER BY id LIMIT $limit",
            ("$tenant", tenantId), ("$after", after?.ToString("D") ?? ""), ("$limit", top + 1));
        var rows = await command.ReadAllAsync(Map, cancellationToken);
        return Page<UserRecord>.FromRows(rows, top, r => r.Id);
    }

    public async Task<bool> DeleteAsync(Guid tenantId, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            "DELETE FROM users WHERE tenant_id = $tenant AND id = $id", ("$tenant", tenantId), ("$id", id));
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<string?> GetPasswordHashAsync(Guid tenantId, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            "SELECT password_hash FROM users WHERE tenant_id = $tenant AND id = $id", ("$tenant", tenantId), ("$id", id));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<bool> TenantHasUsersAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            "SELECT EXISTS (SELECT 1 FROM users WHERE tenant_id = $tenant)", ("$tenant", tenantId));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) != 0;
    }

    /// <summary>userPrincipalNames compare without regard to case, in any script (not only ASCII).</summary>
    internal static string PrincipalNameKey(string userPrincipalName) => userPrincipalName.ToUpperInvariant();

    internal static UserRecord Map(SqliteDataReader r) => new(
        r.GetGuid("id"), r.GetGuid("tenant_id"), r.GetText("user_principal_name"), r.GetText("display_name"),
        r.GetNullableString("mail_nickname"), r.GetNullableString("given_name"), r.GetNullableString("surname"),
        r.GetNullableString("job_title"), r.GetNullableString("mail"), r.GetFlag("account_enabled"), r.GetTime("created_at"));
}
