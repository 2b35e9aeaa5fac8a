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

    public async Task BeginUploadAsync(IReadOnlyCollection<BlobName> blobs, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfZero(blobs.Count);
        await using var sql = await database.OpenAsync(cancellationToken);
        var (rows, parameters) = SqlList.Of(Texts(blobs), item => $"({item}, @now)");
        await sql.ExecuteAsync($"INSERT INTO pending_blobs (blob, created_at) VALUES {rows}", cancellationToken, [.. parameters, ("now", now)]);
    }

    public async Task AbandonUploadAsync(IReadOnlyCollection<BlobName> blobs, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfZero(blobs.Count);
        await using var sql = await database.OpenAsync(cancellationToken);
        var (list, parameters) = SqlList.Of(Texts(blobs));
        await sql.ExecuteAsync($"DELETE FROM pending_blobs WHERE blob IN ({list})", cancellationToken, parameters);
    }

    public async Task<PhotoSwitch> ReplaceAsync(PhotoRecord photo, ETagCondition? condition, CancellationToken cancellationToken)
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

        // The upload's blobs go from pending to referenced here, or not at all: if the collector
        // has given them up as stale, it may be deleting them, and this switch must not name them.
        var (list, parameters) = SqlList.Of(Texts(photo.Renditions.Select(r => r.Blob).ToList()));
        if (await sql.ExecuteAsync($"DELETE FROM pending_blobs WHERE blob IN ({list})", cancellationToken, parameters) != photo.Renditions.Count)
        {
            throw new PhotoConflictException(PhotoConflict.UploadExpired);
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

        var released = await ReleasedAsync(sql, previous, cancellationToken);
        await sql.CommitAsync(cancellationToken);
        return new PhotoSwitch(previous, released);
    }

    public async Task<PhotoSwitch> DeleteAsync(Guid tenantId, Guid ownerId, ETagCondition? condition, CancellationToken cancellationToken)
    {
        await using var sql = await BeginOwnerWriteAsync(ownerId, cancellationToken);
        var previous = await ReadAsync(sql, tenantId, ownerId, cancellationToken);
        Check(condition, previous);
        if (previous is not null)
        {
            await sql.ExecuteAsync("DELETE FROM photos WHERE owner_id = @owner", cancellationToken, ("owner", ownerId));
        }

        var released = await ReleasedAsync(sql, previous, cancellationToken);
        await sql.CommitAsync(cancellationToken);
        return new PhotoSwitch(previous, released);
    }

    public async Task<IReadOnlyList<BlobName>> CollectAsync(IReadOnlyCollection<BlobName> candidates, DateTimeOffset staleBefore, CancellationToken cancellationToken)
    {
        await using var sql = await database.OpenAsync(cancellationToken);
        await sql.BeginAsync(cancellationToken);
        // Rows taken here stay locked until commit: a switch that needs one of them waits, then finds it gone.
        await sql.ExecuteAsync("DELETE FROM pending_blobs WHERE created_at < @stale", cancellationToken, ("stale", staleBefore));
        var alive = new HashSet<BlobName>();
        foreach (var batch in candidates.Chunk(SqlList.BatchSize))
        {
            // One statement, one snapshot: a switch commits its blobs from pending to referenced
            // at once, so no blob can look neither here while it is becoming referenced.
            var (list, parameters) = SqlList.Of(Texts(batch));
            alive.UnionWith(await sql.ListAsync(
                $"SELECT blob FROM photo_renditions WHERE blob IN ({list}) UNION SELECT blob FROM pending_blobs WHERE blob IN ({list})",
                r => BlobName.Parse(r.Text("blob")), cancellationToken, parameters));
        }

        await sql.CommitAsync(cancellationToken);
        return candidates.Where(c => !alive.Contains(c)).ToList();
    }

    /// <summary>
    /// The previous version's blobs that no record references after this switch. Blobs of this
    /// build are never shared, but records written by earlier builds may share identical
    /// renditions; those stay while another record names them (and no new record ever will).
    /// </summary>
    private static async Task<IReadOnlyList<BlobName>> ReleasedAsync(SqlSession sql, PhotoRecord? previous, CancellationToken cancellationToken)
    {
        if (previous is null)
        {
            return [];
        }

        var candidates = previous.Renditions.Select(r => r.Blob).Distinct().ToList();
        var (list, parameters) = SqlList.Of(Texts(candidates));
        var stillReferenced = (await sql.ListAsync(
            $"SELECT DISTINCT blob FROM photo_renditions WHERE blob IN ({list})", r => BlobName.Parse(r.Text("blob")), cancellationToken, parameters)).ToHashSet();
        return candidates.Where(c => !stillReferenced.Contains(c)).ToList();
    }

    private static List<string> Texts(IEnumerable<BlobName> blobs) => blobs.Select(b => b.ToString()).ToList();

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
