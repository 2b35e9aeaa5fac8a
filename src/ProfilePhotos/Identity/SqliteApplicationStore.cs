using Microsoft.Data.Sqlite;
using ProfilePhotos.Storage;

namespace ProfilePhotos.Identity;

public sealed class SqliteApplicationStore(SqliteDatabase database) : IApplicationStore
{
    private const string Columns = "client_id, tenant_id, secret_sha256, permissions";

    public async Task<RegisteredApplication?> FindAsync(string clientId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            $"SELECT {Columns} FROM applications WHERE client_id = $id COLLATE NOCASE", ("$id", clientId));
        return await command.ReadFirstAsync(Map, cancellationToken);
    }

    public async Task<IReadOnlyList<RegisteredApplication>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command($"SELECT {Columns} FROM applications ORDER BY created_at");
        return await command.ReadAllAsync(Map, cancellationToken);
    }

    public async Task AddAsync(RegisteredApplication application, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            $"INSERT INTO applications ({Columns}, created_at) VALUES ($id, $tenant, $secret, $permissions, $created)",
            ("$id", application.ClientId), ("$tenant", application.TenantId),
            ("$secret", Convert.ToHexString(application.SecretSha256 ?? [])),
            ("$permissions", string.Join(' ', application.ApplicationPermissions)), ("$created", DateTimeOffset.UtcNow));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static RegisteredApplication Map(SqliteDataReader r) => new(
        r.GetText("client_id"),
        r.GetGuid("tenant_id"),
        Convert.FromHexString(r.GetText("secret_sha256")),
        PublicClient: false,
        r.GetText("permissions").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase),
        Permissions.Delegated);
}
