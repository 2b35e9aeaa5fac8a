using Npgsql;
using ProfilePhotos.Storage.Blobs;
using ProfilePhotos.Storage.Postgres;

namespace ProfilePhotos.Photos;

public sealed class PostgresPhotoStore(PostgresDatabase database) : IPhotoStore
{
    private const string Select = """
        SELECT p.owner_id, p.tenant_id, p.owner_kind, p.etag, p.width, p.height, p.updated_at, r.size, r.blob, r.length
        FROM photos p JOIN photo_renditions r ON r.owner_id = p.owner_id
        WHERE p.tenant_id = @tenant AND p.owner_id = @owner
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
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Writers of one owner queue on this lock (any node), so the condition is read and the
        // switch made with no other writer in between, including the very first write.
        await connection.Command("SELECT pg_advisory_xact_lock(hashtextextended(@owner::text, 0))", ("owner", photo.OwnerId)).In(transaction).ExecuteNonQueryAsync(cancellationToken);
        var previous = await ReadAsync(connection, transaction, photo.TenantId, photo.OwnerId, cancellationToken);
        if (condition is not null && !condition.IsSatisfiedBy(previous?.ETag))
        {
            throw new PhotoConflictException(PhotoConflict.PreconditionFailed);
        }

        var table = photo.OwnerKind switch
        {
            PhotoOwnerKind.User => "users",
            PhotoOwnerKind.Group => "groups",
            _ => "contacts",
        };
        // FOR KEY SHARE holds the owner until commit: a concurrent delete of it waits, then cascades.
        var ownerExists = await connection.Command(
            $"SELECT EXISTS (SELECT 1 FROM {table} WHERE id = @owner AND tenant_id = @tenant FOR KEY SHARE)",
            ("owner", photo.OwnerId), ("tenant", photo.TenantId)).In(transaction).ExistsAsync(cancellationToken);
        if (!ownerExists)
        {
            throw new PhotoConflictException(PhotoConflict.OwnerGone);
        }

        await connection.Command("DELETE FROM photos WHERE owner_id = @owner", ("owner", photo.OwnerId)).In(transaction).ExecuteNonQueryAsync(cancellationToken);
        await connection.Command(
            "INSERT INTO photos (owner_id, tenant_id, owner_kind, etag, width, height, updated_at) VALUES (@owner, @tenant, @kind, @etag, @width, @height, @updated)",
            ("owner", photo.OwnerId), ("tenant", photo.TenantId), ("kind", photo.OwnerKind.ToString()), ("etag", photo.ETag),
            ("width", photo.Width), ("height", photo.Height), ("updated", photo.UpdatedAt.UtcDateTime)).In(transaction).ExecuteNonQueryAsync(cancellationToken);
        foreach (var rendition in photo.Renditions)
        {
            await connection.Command(
                "INSERT INTO photo_renditions (owner_id, size, blob, length) VALUES (@owner, @size, @blob, @length)",
                ("owner", photo.OwnerId), ("size", rendition.Size), ("blob", rendition.Blob.ToString()), ("length", rendition.Length)).In(transaction).ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return previous;
    }

    public async Task<PhotoRecord?> DeleteAsync(Guid tenantId, Guid ownerId, ETagCondition? condition, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.Command("SELECT pg_advisory_xact_lock(hashtextextended(@owner::text, 0))", ("owner", ownerId)).In(transaction).ExecuteNonQueryAsync(cancellationToken);
        var previous = await ReadAsync(connection, transaction, tenantId, ownerId, cancellationToken);
        if (condition is not null && !condition.IsSatisfiedBy(previous?.ETag))
        {
            throw new PhotoConflictException(PhotoConflict.PreconditionFailed);
        }

        if (previous is not null)
        {
            await connection.Command("DELETE FROM photos WHERE owner_id = @owner", ("owner", ownerId)).In(transaction).ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return previous;
    }

    public async Task<IReadOnlySet<string>> ReferencedAsync(IReadOnlyCollection<string> blobs, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT DISTINCT blob FROM photo_renditions WHERE blob = ANY(@blobs)", ("blobs", blobs.ToArray()));
        return (await command.ReadAllAsync(r => r.GetString(0), cancellationToken)).ToHashSet(StringComparer.Ordinal);
    }

    public async Task<IReadOnlySet<string>> AllReferencedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT DISTINCT blob FROM photo_renditions");
        return (await command.ReadAllAsync(r => r.GetString(0), cancellationToken)).ToHashSet(StringComparer.Ordinal);
    }

    private static async Task<PhotoRecord?> ReadAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid tenantId, Guid ownerId, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(Select, ("tenant", tenantId), ("owner", ownerId)).In(transaction);
        PhotoRecord? photo = null;
        var renditions = new List<StoredRendition>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            photo ??= new PhotoRecord(
                reader.Get<Guid>("tenant_id"), Enum.Parse<PhotoOwnerKind>(reader.Get<string>("owner_kind")), reader.Get<Guid>("owner_id"),
                reader.Get<string>("etag"), reader.Get<int>("width"), reader.Get<int>("height"),
                new DateTimeOffset(reader.Get<DateTime>("updated_at"), TimeSpan.Zero), renditions);
            renditions.Add(new StoredRendition(reader.Get<int>("size"), BlobName.Parse(reader.Get<string>("blob")), reader.Get<long>("length")));
        }

        return photo;
    }
}
