using Microsoft.Extensions.Options;

namespace ProfilePhotos.Hosting;

/// <summary>
/// Refuses to start on settings that are wrong, before anything is created on disk, with one line
/// on stderr that names the setting and what it takes, and exit code 2 (a usage error, as for
/// command-line tools): an operator reads the cause at once, not at the top of a stack trace.
/// </summary>
public static class SettingsCheck
{
    public const int ExitCode = 2;

    /// <summary>
    /// Unknown keys under our sections and values their settings do not take. Run on the
    /// configuration as soon as it is read, since some of it is bound while the host is still
    /// being composed (<see cref="HttpsSetup.ServeHttpsWhenAsked"/>).
    /// </summary>
    public static bool Passes(IConfiguration configuration, TextWriter error) =>
        Report(SettingsWalk.Mistakes(configuration, SettingsCatalog.Sections.Select(s => s.Root)), error);

    /// <summary>
    /// The rules each feature declares on its options (ranges, settings that need one another),
    /// run by getting every section's options once the services exist and before any is used.
    /// </summary>
    public static bool Passes(IServiceProvider services, TextWriter error) =>
        Report(ValidationFailures(services), error);

    public static IReadOnlyList<string> ValidationFailures(IServiceProvider services)
    {
        var failures = new List<string>();
        foreach (var section in SettingsCatalog.Sections)
        {
            try
            {
                section.BoundOptions(services);
            }
            catch (OptionsValidationException invalid)
            {
                failures.AddRange(invalid.Failures);
            }
        }

        return failures;
    }

    private static bool Report(IReadOnlyList<string> mistakes, TextWriter error)
    {
        if (mistakes.Count == 0)
        {
            return true;
        }

        // Several mistakes still make one line, so each start shows them all and a log keeps them together.
        error.WriteLine(string.Join(" ", mistakes.Select(m => m.ReplaceLineEndings(" ").Trim())));
        return false;
    }
}
