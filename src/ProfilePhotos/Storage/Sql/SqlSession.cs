using System.Data.Common;

namespace ProfilePhotos.Storage.Sql;

/// <summary>
/// One open connection and, once begun, its transaction. Parameters are named <c>@name</c> in the
/// SQL (both providers accept that form) and given as (name, value) pairs of CLR values, which the
/// dialect converts; rows come back as <see cref="SqlRow"/>, which converts the other way.
/// </summary>
public sealed class SqlSession(DbConnection connection, SqlDialect dialect) : IAsyncDisposable
{
    private DbTransaction? transaction;

    public SqlDialect Dialect => dialect;

    /// <summary>
    /// Begins the transaction every later command joins. On SQLite it is <c>BEGIN IMMEDIATE</c>
    /// (Microsoft.Data.Sqlite's default): the write lock is taken first, so what is read next
    /// cannot change before commit.
    /// </summary>
    public async Task BeginAsync(CancellationToken cancellationToken) =>
        transaction = await connection.BeginTransactionAsync(cancellationToken);

    public Task CommitAsync(CancellationToken cancellationToken) =>
        transaction?.CommitAsync(cancellationToken) ?? Task.CompletedTask;

    public async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DBNull ? null : value;
    }

    /// <summary>For <c>SELECT EXISTS (...)</c>: SQLite answers 0 or 1, PostgreSQL a boolean.</summary>
    public async Task<bool> ExistsAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        Convert.ToBoolean(await ScalarAsync(sql, cancellationToken, parameters), System.Globalization.CultureInfo.InvariantCulture);

    public async Task<List<T>> ListAsync<T>(string sql, Func<SqlRow, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var rows = new List<T>();
        await ForEachAsync(sql, row => rows.Add(map(row)), cancellationToken, parameters);
        return rows;
    }

    public async Task ForEachAsync(string sql, Action<SqlRow> read, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var row = new SqlRow(reader, dialect);
        while (await reader.ReadAsync(cancellationToken))
        {
            read(row);
        }
    }

    public async Task<T?> FirstAsync<T>(string sql, Func<SqlRow, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
        where T : class
    {
        await using var command = Command(sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? map(new SqlRow(reader, dialect)) : null;
    }

    public async ValueTask DisposeAsync()
    {
        if (transaction is not null)
        {
            await transaction.DisposeAsync();
        }

        await connection.DisposeAsync();
    }

    private DbCommand Command(string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = dialect.ToDb(value);
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
