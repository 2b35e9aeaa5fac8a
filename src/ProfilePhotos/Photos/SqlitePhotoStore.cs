using Microsoft.Data.Sqlite;
using ProfilePhotos.Storage;
using ProfilePhotos.Storage.Blobs;

namespace ProfilePhotos.Photos;

public sealed class SqlitePhotoStore(SqliteDatabase database) : IPhotoStore
{
    private const string Select = """
        SELECT p.owner_id, p.tenant_id, p.owner_kind, p.etag, p.width, p.height, p.updated_at, r.size, r.blob, r.length
        FROM photos p JOIN photo_renditions r ON r.owner_id = p.owner_id
        WHERE p.tenant_id = $tenant AND p.owner_id = $owner
        ORDER BY r.size
        """;

    public async Task<PhotoRecord?> GetAsync(Guid tenantId, Guid ownerId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ReadAsync(connection, null, tenantId, ownerId, cancellationToken);
    }

    public async Task<PhotoRecord?> ReplaceAsync(PhotoRecord photo, ETagCondition? condition, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // BEGIN IMMEDIATE: the write lock is taken before the condition is read.
        await using var transaction = connection.BeginTransaction(deferred: false);
        var previous = await ReadAsync(connection, transaction, photo.TenantId, photo.OwnerId, cancellationToken);
        if (condition is not null && !condition.IsSatisfiedBy(previous?.ETag))
        {
            throw new PhotoConflictException(PhotoConflict.PreconditionFailed);
        }

        if (!await OwnerExistsAsync(connection, transaction, photo, cancellationToken))
        {
            throw new PhotoConflictException(PhotoConflict.OwnerGone);
        }

        await ExecuteAsync(connection, transaction, "DELETE FROM photos WHERE owner_id = $owner", cancellationToken, ("$owner", photo.OwnerId));
        await ExecuteAsync(connection, transaction,
            "INSERT INTO photos (owner_id, tenant_id, owner_kind, etag, width, height, updated_at) VALUES ($owner, $tenant, $kind, $etag, $width, $height, $updated)",
            cancellationToken,
            ("$owner", photo.OwnerId), ("$tenant", photo.TenantId), ("$kind", photo.OwnerKind.ToString()), ("$etag", photo.ETag),
            ("$width", photo.Width), ("$height", photo.Height), ("$updated", photo.UpdatedAt));
        foreach (var rendition in photo.Renditions)
        {
            await ExecuteAsync(connection, transaction,
                "INSERT INTO photo_renditions (owner_id, size, blob, length) VALUES ($owner, $size, $blob, $length)",
                cancellationToken, ("$owner", photo.OwnerId), ("$size", rendition.Size), ("$blob", rendition.Blob.ToString()), ("$length", rendition.Length));
        }

        await transaction.CommitAsync(cancellationToken);
        return previous;
    }

    public async Task<PhotoRecord?> DeleteAsync(Guid tenantId, Guid ownerId, ETagCondition? condition, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var previous = await ReadAsync(connection, transaction, tenantId, ownerId, cancellationToken);
        if (condition is not null && !condition.IsSatisfiedBy(previous?.ETag))
        {
            throw new PhotoConflictException(PhotoConflict.PreconditionFailed);
        }

        if (previous is not null)
        {
            await ExecuteAsync(connection, transaction, "DELETE FROM photos WHERE owner_id = $owner", cancellationToken, ("$owner", ownerId));
        }

        await transaction.CommitAsync(cancellationToken);
        return previous;
    }

    public async Task<IReadOnlySet<string>> ReferencedAsync(IReadOnlyCollection<string> blobs, CancellationToken cancellationToken)
    {
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        await using var connection = await database.OpenAsync(cancellationToken);
        foreach (var blob in blobs)
        {
            await using var command = connection.Command("SELECT EXISTS (SELECT 1 FROM photo_renditions WHERE blob = $blob)", ("$blob", blob));
            if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) != 0)
            {
                referenced.Add(blob);
            }
        }

        return referenced;
    }

    public async Task<IReadOnlySet<string>> AllReferencedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT DISTINCT blob FROM photo_renditions");
        return (await command.ReadAllAsync(r => r.GetString(0), cancellationToken)).ToHashSet(StringComparer.Ordinal);
    }

    private static async Task<bool> OwnerExistsAsync(SqliteConnection connection, SqliteTransaction transaction, PhotoRecord photo, CancellationToken cancellationToken)
    {
        var table = photo.OwnerKind switch
        {
            PhotoOwnerKind.User => "users",
            PhotoOwnerKind.Group => "groups",
            _ => "contacts",
        };
        await using var command = connection.Command(
            $"SELECT EXISTS (SELECT 1 FROM {table} WHERE id = $owner AND tenant_id = $tenant)", ("$owner", photo.OwnerId), ("$tenant", photo.TenantId));
        command.Transaction = transaction;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) != 0;
    }

    private static async Task<PhotoRecord?> ReadAsync(SqliteConnection connection, SqliteTransaction? transaction, Guid tenantId, Guid ownerId, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(Select, ("$tenant", tenantId), ("$owner", ownerId));
        command.Transaction = transaction;
        PhotoRecord? photo = null;
        var renditions = new List<StoredRendition>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            photo ??= new PhotoRecord(
                reader.GetGuid("tenant_id"), Enum.Parse<PhotoOwnerKind>(reader.GetText("owner_kind")), reader.GetGuid("owner_id"),
                reader.GetText("etag"), reader.GetInt32(reader.GetOrdinal("width")), reader.GetInt32(reader.GetOrdinal("height")),
                reader.GetTime("updated_at"), renditions);
            renditions.Add(new StoredRendition(reader.GetInt32(reader.GetOrdinal("size")), BlobName.Parse(reader.GetText("blob")), reader.GetInt64(reader.GetOrdinal("length"))));
        }

        return photo;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var command = connection.Command(sql, parameters);
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
