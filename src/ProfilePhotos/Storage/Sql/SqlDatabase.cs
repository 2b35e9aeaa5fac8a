using System.Data.Common;

namespace ProfilePhotos.Storage.Sql;

/// <summary>
/// The metadata database of every store: a pooled <see cref="DbDataSource"/> and the dialect of
/// the database behind it. Stores open a <see cref="SqlSession"/> per operation.
/// </summary>
public sealed class SqlDatabase(DbDataSource dataSource, SqlDialect dialect, string description) : IAsyncDisposable
{
    public SqlDialect Dialect => dialect;

    /// <summary>Where the data is, for messages (a file path, or a host and database).</summary>
    public string Description => description;

    public async Task<SqlSession> OpenAsync(CancellationToken cancellationToken) =>
        new(await dataSource.OpenConnectionAsync(cancellationToken), dialect);

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
