namespace ProfilePhotos.Hosting;

/// <summary>
/// The sentences the start check prints: each names the key as configuration spells it, where it
/// was set, and what is allowed there. A value is echoed only where a setting refused it, never
/// for an unknown key, which may be a mistyped secret.
/// </summary>
public static class SettingsMessages
{
    private const int LongestEcho = 40;

    public static string Unknown(string path, string? origin, Setting group, string key)
    {
        var known = string.Join(", ", group.Children.Select(c => c.Name));
        var closest = Spelling.Closest(key, group.Children.Select(c => c.Name));
        var guess = closest is null ? "" : $" Did you mean {path[..^key.Length]}{closest}?";
        return $"{path}{From(origin)} is not a setting.{guess} Known under {group.Path}: {known}.";
    }

    public static string NotAnIndex(string path, string? origin, Setting list, string key)
    {
        var parent = path[..^key.Length];
        var example = list.Shape is SettingShape.Groups && list.Child(key) is { } item ? $"{parent}0:{item.Name}" : $"{parent}0";
        return $"{path}{From(origin)} is not a setting: the items of {list.Path} are numbered from 0, as in {example}.";
    }

    public static string NotAValue(string path, string? origin, Setting setting, bool item = false) => setting.Shape is SettingShape.Group || item
        ? $"{path}{From(origin)} is a group of settings, not one: set {string.Join(", ", setting.Children.Select(c => c.Path))}."
        : $"{path}{From(origin)} is a list: give its items as {setting.Path} (0, 1, ...), not one value.";

    public static string NotAGroup(string path, string? origin, Setting setting) =>
        $"{path}{From(origin)} is not a setting: {setting.Path} takes one value{TakesClause(setting)}, with nothing under it.";

    public static string Refused(string path, string? origin, string value, Setting setting) =>
        $"{path}{From(origin)} cannot be '{Echo(value)}': it takes {SettingValues.Takes(setting.ValueType) ?? "text"}.";

    private static string TakesClause(Setting setting) => SettingValues.Takes(setting.ValueType) is { } takes ? $" ({takes})" : "";

    private static string From(string? origin) => origin is null ? "" : $" ({origin})";

    /// <summary>One line stays one line, and a pasted key stays out of the log.</summary>
    private static string Echo(string value)
    {
        var flat = new string([.. value.Select(c => char.IsControl(c) ? ' ' : c)]);
        return flat.Length <= LongestEcho ? flat : flat[..LongestEcho] + "...";
    }
}
