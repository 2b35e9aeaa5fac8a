using System.Data.Common;

namespace ProfilePhotos.Storage.Sql;

/// <summary>The current row of a result, read by column name into CLR values through the dialect.</summary>
public readonly struct SqlRow(DbDataReader reader, SqlDialect dialect)
{
    public Guid Guid(string column) => dialect.ReadGuid(reader, reader.GetOrdinal(column));

    public Guid? NullableGuid(string column)
    {
        var ordinal = reader.GetOrdinal(column);
        return reader.IsDBNull(ordinal) ? null : dialect.ReadGuid(reader, ordinal);
    }

    public string Text(string column) => reader.GetString(reader.GetOrdinal(column));

    public string? NullableText(string column)
    {
        var ordinal = reader.GetOrdinal(column);
        return reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
    }

    public bool Flag(string column) => dialect.ReadFlag(reader, reader.GetOrdinal(column));

    public DateTimeOffset Time(string column) => dialect.ReadTime(reader, reader.GetOrdinal(column));

    public int Int(string column) => reader.GetInt32(reader.GetOrdinal(column));

    public long Long(string column) => reader.GetInt64(reader.GetOrdinal(column));

    public bool IsNull(string column) => reader.IsDBNull(reader.GetOrdinal(column));
}
