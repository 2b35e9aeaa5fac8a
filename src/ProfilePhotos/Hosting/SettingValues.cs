namespace ProfilePhotos.Hosting;

/// <summary>What a setting of a given type takes, in words, and whether a given value is one.</summary>
public static class SettingValues
{
    /// <summary>What the type takes, for messages; null when any text will do.</summary>
    public static string? Takes(Type type) => type switch
    {
        _ when type.IsEnum => "one of " + string.Join(", ", Enum.GetNames(type)),
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(int) || type == typeof(long) => "a whole number",
        _ when type == typeof(TimeSpan) => "a time span such as 00:10:00 (hh:mm:ss, or d.hh:mm:ss)",
        _ when type == typeof(Guid) => "a GUID",
        _ when type == typeof(Uri) => "an absolute URL",
        _ => null,
    };

    /// <summary>
    /// Whether the value binds as the service will bind it: the binder's own conversion decides,
    /// so this check can never pass a value that binding then throws on. Stricter only where the
    /// binder takes what nobody means: enum numbers and combinations (<c>5</c>, <c>Sqlite,Postgres</c>)
    /// and relative URLs for addresses.
    /// </summary>
    public static bool Accepts(IConfigurationSection value, Type type)
    {
        try
        {
            var bound = value.Get(type);
            return bound switch
            {
                Enum => Enum.GetNames(type).Contains(value.Value?.Trim(), StringComparer.OrdinalIgnoreCase),
                Uri address => address.IsAbsoluteUri,
                _ => true,
            };
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
