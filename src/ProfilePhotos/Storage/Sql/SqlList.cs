namespace ProfilePhotos.Storage.Sql;

/// <summary>
/// An <c>IN (...)</c> list as parameters: the same SQL on both databases (SQLite has no arrays),
/// in batches small enough for any parameter limit.
/// </summary>
public static class SqlList
{
    public const int BatchSize = 500;

    /// <summary>
    /// The placeholders (<c>@p0, @p1</c>) and parameters for these values; <paramref name="item"/>
    /// shapes each placeholder, e.g. into a row of a VALUES list.
    /// </summary>
    public static (string Placeholders, (string Name, object? Value)[] Parameters) Of<T>(IReadOnlyList<T> values, Func<string, string>? item = null)
    {
        var parameters = new (string, object?)[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            parameters[i] = ($"p{i}", values[i]);
        }

        return (string.Join(", ", parameters.Select(p => item is null ? "@" + p.Item1 : item("@" + p.Item1))), parameters);
    }
}
