using ProfilePhotos.Storage.Sql;

namespace ProfilePhotos.Identity;

public sealed class SqlApplicationStore(SqlDatabase database) : IApplicationStore
{
    private const string Columns = "client_id, tenant_id, secret_sha256, permissions";

    /// <summary>Client ids compare without regard to (ASCII) case, as the identity platform's do.</summary>
    public async Task<RegisteredApplication?> FindAsync(string clientId, CancellationToken cancellationToken)
    {
        await using var sql = await database.OpenAsync(cancellationToken);
        return await sql.FirstAsync($"SELECT {Columns} FROM applications WHERE lower(client_id) = lower(@id)", Map, cancellationToken, ("id", clientId));
    }

    public async Task<IReadOnlyList<RegisteredApplication>> ListAsync(CancellationToken cancellationToken)
    {
        await using var sql = await database.OpenAsync(cancellationToken);
        return await sql.ListAsync($"SELECT {Columns} FROM applications ORDER BY created_at", Map, cancellationToken);
    }

    public async Task AddAsync(RegisteredApplication application, CancellationToken cancellationToken)
    {
        await using var sql = await database.OpenAsync(cancellationToken);
        await sql.ExecuteAsync(
            $"INSERT INTO applications ({Columns}, created_at) VALUES (@id, @tenant, @secret, @permissions, @created)", cancellationToken,
            ("id", application.ClientId), ("tenant", application.TenantId), ("secret", Convert.ToHexString(application.SecretSha256 ?? [])),
            ("permissions", string.Join(' ', application.ApplicationPermissions)), ("created", DateTimeOffset.UtcNow));
    }

    private static RegisteredApplication Map(SqlRow r) => new(
        r.Text("client_id"),
        r.Guid("tenant_id"),
        Convert.FromHexString(r.Text("secret_sha256")),
        PublicClient: false,
        r.Text("permissions").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase),
        Permissions.Delegated);
}
