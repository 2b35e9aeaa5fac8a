using ProfilePhotos.Storage.Sql;

namespace ProfilePhotos.Storage;

/// <summary>One page of a listing; <see cref="After"/> is the key to continue from, if any.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, Guid? After)
{
    /// <summary>
    /// One tenant's rows of a table in id order, after a key: keyset paging, with the first page
    /// read from the start (chosen here, not by each database's NULL handling) and one row more
    /// than asked for, which says whether there is a next page.
    /// </summary>
    public static async Task<Page<T>> ReadAsync(
        SqlDatabase database, string table, string columns, Func<SqlRow, T> map, Func<T, Guid> id, Guid tenantId, int top, Guid? after, CancellationToken cancellationToken)
    {
        await using var sql = await database.OpenAsync(cancellationToken);
        var rows = await sql.ListAsync(
            $"SELECT {columns} FROM {table} WHERE tenant_id = @tenant{(after is null ? "" : " AND id > @after")} ORDER BY id LIMIT @limit",
            map, cancellationToken, ("tenant", tenantId), ("after", after), ("limit", top + 1));
        return rows.Count > top ? new Page<T>(rows[..top], id(rows[top - 1])) : new Page<T>(rows, null);
    }
}
