namespace ProfilePhotos.Storage.Sql;

/// <summary>
/// Brings a database to the schema this build knows: the dialect's steps not yet applied, in
/// order, in one transaction under the dialect's schema lock, so that several processes starting
/// at once apply each step exactly once. A database newer than the build refuses to open.
/// </summary>
public static class SchemaMigrations
{
    public static async Task MigrateAsync(SqlDatabase database, CancellationToken cancellationToken)
    {
        var steps = database.Dialect.SchemaSteps;
        await using var sql = await database.OpenAsync(cancellationToken);
        await database.Dialect.PrepareAsync(sql, cancellationToken);
        await sql.BeginAsync(cancellationToken);
        var version = await database.Dialect.LockSchemaAsync(sql, cancellationToken);
        if (version > steps.Count)
        {
            throw new InvalidOperationException(
                $"The database {database.Description} has schema version {version}, newer than this build knows ({steps.Count}). Run a newer ProfilePhotos.");
        }

        for (var step = version; step < steps.Count; step++)
        {
            await sql.ExecuteAsync(steps[step], cancellationToken);
            await database.Dialect.SetSchemaVersionAsync(sql, step + 1, cancellationToken);
        }

        await sql.CommitAsync(cancellationToken);
    }
}
