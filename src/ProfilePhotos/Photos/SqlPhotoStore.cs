using ProfilePhotos.Storage.Blobs;
using ProfilePhotos.Storage.Sql;

namespace ProfilePhotos.Photos;

public sealed class SqlPhotoStore(SqlDatabase database) : IPhotoStore
{
    private const string Select = """
        SELECT p.owner_id, p.tenant_id, p.owner_kind, p.etag, p.width, p.height, p.updated_at, r.size, r.blob, r.length
        FROM photos p JOIN photo_renditions r ON r.owner_id = p.owner_id
        WHERE p.tenant_id = @tenant AND p.owner_id = @owner
        ORDER BY r.size
        """;

    public async Task<PhotoRecord?> GetAsync(Guid tenantId, Guid ownerId, CancellationToken cancellationToken)
    {
        await using var sql = await database.OpenAsync(cancellationToken);
        return await ReadAsync(sql, tenantId, ownerId, cancellationToken);
    }

    public async Task<PhotoRecord?> ReplaceAsync(PhotoRecord photo, ETagCondition? condition, CancellationToken cancellationToken)
    {
        await using var sql = await BeginOwnerWriteAsync(photo.OwnerId, cancellationToken);
        var previous = await ReadAsync(sql, photo.TenantId, photo.OwnerId, cancellationToken);
        Check(condition, previous);
        if (!await sql.ExistsAsync(
                $"SELECT EXISTS (SELECT 1 FROM {OwnerTable(photo.OwnerKind)} WHERE id = @owner AND tenant_id = @tenant{database.Dialect.HoldRows})",
                cancellationToken, ("owner", photo.OwnerId), ("tenant", photo.TenantId)))
        {
            throw new PhotoConflictException(PhotoConflict.OwnerGone);
        }

        await sql.ExecuteAsync("DELETE FROM photos WHERE owner_id = @owner", cancellationToken, ("owner", photo.OwnerId));
        await sql.ExecuteAsync(
            "INSERT INTO photos (owner_id, tenant_id, owner_kind, etag, width, height, updated_at) VALUES (@owner, @tenant, @kind, @etag, @width, @height, @updated)",
            cancellationToken,
            ("owner", photo.OwnerId), ("tenant", photo.TenantId), ("kind", photo.OwnerKind.ToString()), ("etag", photo.ETag),
            ("width", photo.Width), ("height", photo.Height), ("updated", photo.UpdatedAt));
        foreach (var rendition in photo.Renditions)
        {
            await sql.ExecuteAsync(
                "INSERT INTO photo_renditions (owner_id, size, blob, length) VALUES (@owner, @size, @blob, @length)", cancellationToken,
                ("owner", photo.OwnerId), ("size", rendition.Size), ("blob", rendition.Blob.ToString()), ("length", rendition.Length));
        }

        await sql.CommitAsync(cancellationToken);
        return previous;
    }

    public async Task<PhotoRecord?> DeleteAsync(Guid tenantId, Guid ownerId, ETagCondition? condition, CancellationToken cancellationToken)
    {
        await using var sql = await BeginOwnerWriteAsync(ownerId, cancellationToken);
        var previous = await ReadAsync(sql, tenantId, ownerId, cancellationToken);
        Check(condition, previous);
        if (previous is not null)
        {
            await sql.ExecuteAsync("DELETE FROM photos WHERE owner_id = @owner", cancellationToken, ("owner", ownerId));
        }

        await sql.CommitAsync(cancellationToken);
        return previous;
    }

    public async Task<IReadOnlySet<BlobName>> ReferencedAsync(IReadOnlyCollection<BlobName> blobs, CancellationToken cancellationToken)
    {
        var referenced = new HashSet<BlobName>();
        await using var sql = await database.OpenAsync(cancellationToken);
        foreach (var batch in blobs.Select(b => b.ToString()).Chunk(SqlList.BatchSize))
        {
            var (placeholders, parameters) = SqlList.Of(batch);
            referenced.UnionWith(await sql.ListAsync(
                $"SELECT DISTINCT blob FROM photo_renditions WHERE blob IN ({placeholders})", r => BlobName.Parse(r.Text("blob")), cancellationToken, parameters));
        }

        return referenced;
    }

    public async Task<IReadOnlySet<BlobName>> AllReferencedAsync(CancellationToken cancellationToken)
    {
        await using var sql = await database.OpenAsync(cancellationToken);
        return (await sql.ListAsync("SELECT DISTINCT blob FROM photo_renditions", r => BlobName.Parse(r.Text("blob")), cancellationToken)).ToHashSet();
    }

    /// <summary>
    /// A transaction in which no other writer of the owner, on any node, can come between reading
    /// the current photo (and its ETag condition) and switching it, including the very first write.
    /// </summary>
    private async Task<SqlSession> BeginOwnerWriteAsync(Guid ownerId, CancellationToken cancellationToken)
    {
        var sql = await database.OpenAsync(cancellationToken);
        try
        {
            await sql.BeginAsync(cancellationToken);
            await database.Dialect.LockAsync(sql, ownerId.ToString("D"), cancellationToken);
            return sql;
        }
        catch
        {
            await sql.DisposeAsync();
            throw;
        }
    }

    private static void Check(ETagCondition? condition, PhotoRecord? current)
    {
        if (condition is not null && !condition.IsSatisfiedBy(current?.ETag))
        {
            throw new PhotoConflictException(PhotoConflict.PreconditionFailed);
        }
    }

    private static string OwnerTable(PhotoOwnerKind kind) => kind switch
    {
        PhotoOwnerKind.User => "users",
        PhotoOwnerKind.Group => "groups",
        _ => "contacts",
    };

    private static async Task<PhotoRecord?> ReadAsync(SqlSession sql, Guid tenantId, Guid ownerId, CancellationToken cancellationToken)
    {
        PhotoRecord? photo = null;
        var renditions = new List<StoredRendition>();
        await sql.ForEachAsync(Select, r =>
        {
            photo ??= new PhotoRecord(
                r.Guid("tenant_id"), Enum.Parse<PhotoOwnerKind>(r.Text("owner_kind")), r.Guid("owner_id"),
                r.Text("etag"), r.Int("width"), r.Int("height"), r.Time("updated_at"), renditions);
            renditions.Add(new StoredRendition(r.Int("size"), BlobName.Parse(r.Text("blob")), r.Long("length")));
        }, cancellationToken, ("tenant", tenantId), ("owner", ownerId));
        return photo;
    }
}
