using System.Globalization;

namespace ProfilePhotos.Hosting;

/// <summary>
/// Walks the configuration under our sections against the catalog and says, one sentence per
/// mistake, which key no setting has and which value a setting does not take. The binder would
/// ignore the first and throw a stack trace at the second, long after start.
/// </summary>
public static class SettingsWalk
{
    public static IReadOnlyList<string> Mistakes(IConfiguration configuration, IEnumerable<Setting> sections)
    {
        var mistakes = new List<string>();
        foreach (var section in sections)
        {
            // The section's own value is not looked at: an unrelated variable such as HTTPS=on is not ours.
            Group(configuration, configuration.GetSection(section.Name), section, mistakes);
        }

        return mistakes;
    }

    private static void Group(IConfiguration configuration, IConfigurationSection group, Setting setting, List<string> mistakes)
    {
        foreach (var entry in group.GetChildren())
        {
            if (setting.Child(entry.Key) is { } known)
            {
                Walk(configuration, entry, known, mistakes);
            }
            else
            {
                mistakes.Add(SettingsMessages.Unknown(entry.Path, Origin(configuration, entry.Path), setting, entry.Key));
            }
        }
    }

    private static void Walk(IConfiguration configuration, IConfigurationSection entry, Setting setting, List<string> mistakes)
    {
        var children = entry.GetChildren().ToList();
        if (setting.Shape is SettingShape.Value)
        {
            mistakes.AddRange(children.Select(c => SettingsMessages.NotAGroup(c.Path, Origin(configuration, c.Path), setting)));
            if (children.Count == 0 && entry.Value is not null && !SettingValues.Accepts(entry, setting.ValueType))
            {
                mistakes.Add(SettingsMessages.Refused(entry.Path, Origin(configuration, entry.Path), entry.Value, setting));
            }

            return;
        }

        // An empty value is what appsettings.json's [] and {} become: nothing was set.
        if (!string.IsNullOrEmpty(entry.Value))
        {
            mistakes.Add(SettingsMessages.NotAValue(entry.Path, Origin(configuration, entry.Path), setting));
        }

        if (setting.Shape is SettingShape.Group)
        {
            Group(configuration, entry, setting, mistakes);
            return;
        }

        foreach (var item in children)
        {
            if (!int.TryParse(item.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                mistakes.Add(SettingsMessages.NotAnIndex(item.Path, Origin(configuration, item.Path), setting, item.Key));
            }
            else if (setting.Shape is SettingShape.Groups)
            {
                if (!string.IsNullOrEmpty(item.Value))
                {
                    mistakes.Add(SettingsMessages.NotAValue(item.Path, Origin(configuration, item.Path), setting, item: true));
                }

                Group(configuration, item, setting, mistakes);
            }
            else if (item.GetChildren().Any())
            {
                mistakes.AddRange(item.GetChildren().Select(c => SettingsMessages.NotAGroup(c.Path, Origin(configuration, c.Path), setting)));
            }
            else if (item.Value is not null && !SettingValues.Accepts(item, setting.ValueType))
            {
                mistakes.Add(SettingsMessages.Refused(item.Path, Origin(configuration, item.Path), item.Value, setting));
            }
        }
    }

    /// <summary>Where a key was set, so that a stray environment variable or file is found: the last source that has it wins.</summary>
    private static string? Origin(IConfiguration configuration, string path) =>
        (configuration as IConfigurationRoot)?.Providers.Reverse()
            .FirstOrDefault(p => p.TryGet(path, out _) || p.GetChildKeys([], path).Any()) switch
        {
            Microsoft.Extensions.Configuration.CommandLine.CommandLineConfigurationProvider => "on the command line",
            Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationProvider => "in the environment",
            FileConfigurationProvider file => $"in {file.Source.Path}",
            _ => null,
        };
}
