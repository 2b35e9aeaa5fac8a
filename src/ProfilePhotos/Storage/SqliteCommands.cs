using System.Globalization;
using Microsoft.Data.Sqlite;

namespace ProfilePhotos.Storage;

/// <summary>The few conversions every SQLite store repeats: GUID and time text, parameters, unique violations.</summary>
internal static class SqliteCommands
{
    public static SqliteCommand Command(this SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, ToDb(value));
        }

        return command;
    }

    public static object ToDb(object? value) => value switch
    {
        null => DBNull.Value,
        Guid g => g.ToString("D"),
        DateTimeOffset t => t.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        bool b => b ? 1 : 0,
        _ => value,
    };

    public static Guid GetGuid(this SqliteDataReader reader, string column) =>
        Guid.Parse(reader.GetString(reader.GetOrdinal(column)));

    public static Guid? GetNullableGuid(this SqliteDataReader reader, string column) =>
        reader.GetNullableString(column) is { } text ? Guid.Parse(text) : null;

    public static string? GetNullableString(this SqliteDataReader reader, string column)
    {
        var ordinal = reader.GetOrdinal(column);
        return reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
    }

    public static string GetText(this SqliteDataReader reader, string column) =>
        reader.GetString(reader.GetOrdinal(column));

    public static bool GetFlag(this SqliteDataReader reader, string column) =>
        reader.GetInt64(reader.GetOrdinal(column)) != 0;

    public static DateTimeOffset GetTime(this SqliteDataReader reader, string column) =>
        DateTimeOffset.Parse(reader.GetString(reader.GetOrdinal(column)), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    /// <summary>SQLITE_CONSTRAINT (19): a UNIQUE or PRIMARY KEY violation.</summary>
    public static bool IsUniqueViolation(this SqliteException exception) => exception.SqliteErrorCode == 19;

    public static async Task<List<T>> ReadAllAsync<T>(this SqliteCommand command, Func<SqliteDataReader, T> map, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    public static async Task<T?> ReadFirstAsync<T>(this SqliteCommand command, Func<SqliteDataReader, T> map, CancellationToken cancellationToken) where T : class
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? map(reader) : null;
    }
}
