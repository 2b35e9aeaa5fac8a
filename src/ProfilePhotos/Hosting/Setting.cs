namespace ProfilePhotos.Hosting;

/// <summary>
/// What a setting means, for the people who set it. Declared on the options property that binds
/// it, so that <c>--help</c>, the start-time check and the documentation test all read this one
/// copy; the default comes from a default-constructed instance, not from here.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class SettingAttribute(string meaning) : Attribute
{
    public string Meaning { get; } = meaning;

    /// <summary>
    /// Shown instead of the instance's default when that depends on the machine (the number of
    /// cores, say), so that <c>--help</c> does not present one machine's value as the rule.
    /// </summary>
    public string? Default { get; init; }
}

/// <summary>How a setting is given: one value, numbered values, a group of settings, or numbered groups.</summary>
public enum SettingShape
{
    Value,
    Values,
    Group,
    Groups,
}

/// <summary>
/// One setting as users write it: <see cref="Path"/> names list items with <c>N</c> (and <c>K</c>
/// inside an item), as in <c>Identity:Applications:N:ApplicationPermissions:K</c>.
/// </summary>
public sealed record Setting(string Name, string Path, SettingShape Shape, Type ValueType, string Meaning, string? Default, IReadOnlyList<Setting> Children)
{
    public Setting? Child(string key) => Children.FirstOrDefault(c => string.Equals(c.Name, key, StringComparison.OrdinalIgnoreCase));

    /// <summary>Every setting at or below this one that takes values, in declaration order.</summary>
    public IEnumerable<Setting> Leaves() =>
        Shape is SettingShape.Value or SettingShape.Values ? [this] : Children.SelectMany(c => c.Leaves());
}
