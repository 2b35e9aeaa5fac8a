using Npgsql;
using ProfilePhotos.Storage.Postgres;

namespace ProfilePhotos.Identity;

public sealed class PostgresApplicationStore(PostgresDatabase database) : IApplicationStore
{
    private const string Columns = "client_id, tenant_id, secret_sha256, permissions";

    public async Task<RegisteredApplication?> FindAsync(string clientId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command($"SELECT {Columns} FROM applications WHERE lower(client_id) = lower(@id)", ("id", clientId));
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
            $"INSERT INTO applications ({Columns}, created_at) VALUES (@id, @tenant, @secret, @permissions, @created)",
            ("id", application.ClientId), ("tenant", application.TenantId), ("secret", Convert.ToHexString(application.SecretSha256 ?? [])),
            ("permissions", string.Join(' ', application.ApplicationPermissions)), ("created", DateTime.UtcNow));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static RegisteredApplication Map(NpgsqlDataReader r) => new(
        r.Get<string>("client_id"),
        r.Get<Guid>("tenant_id"),
        Convert.FromHexString(r.Get<string>("secret_sha256")),
        PublicClient: false,
        r.Get<string>("permissions").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase),
        Permissions.Delegated);
}
