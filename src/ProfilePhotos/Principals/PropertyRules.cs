using ProfilePhotos.Graph;

namespace ProfilePhotos.Principals;

/// <summary>Checks shared by the directory's request bodies.</summary>
public static class PropertyRules
{
    private const int MaxTextLength = 256;

    public static string Required(string? value, string name) =>
        string.IsNullOrWhiteSpace(value)
            ? throw GraphException.InvalidProperty($"Property '{name}' is required and must not be empty.")
            : Bounded(value.Trim(), name)!;

    public static string? Bounded(string? value, string name) =>
        value is { Length: > MaxTextLength }
            ? throw GraphException.InvalidProperty($"Property '{name}' is longer than {MaxTextLength} characters.")
            : value;
}
