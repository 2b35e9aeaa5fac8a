using System.Text;

namespace ProfilePhotos.Hosting;

/// <summary>
/// What <c>--help</c> prints. The settings of our sections come from <see cref="SettingsCatalog"/>,
/// so they cannot drift from what the service binds; only what no options class holds is written here.
/// </summary>
public static class CommandLine
{
    private const int Column = 37;
    private const int Width = 100;

    private const string Usage = """
        ProfilePhotos: a Microsoft Graph v1.0-compatible profile photo service.

        Usage: ProfilePhotos [--urls <addresses>] [--https] [--Section:Key=value ...]
               ProfilePhotos migrate --source <data directory> [--Section:Key=value ...]
                 copies an embedded store into the configured PostgreSQL (and Azure Blob
                 Storage) store and verifies the copy; exit code 0 when it holds.

        Every setting can be given on the command line (--Storage:DataDirectory=/srv/photos),
        as an environment variable (Storage__DataDirectory=/srv/photos) or in appsettings.json.
        List items are numbered from 0 (N, K below). A key these lists do not name under one of
        their sections, or a value its setting does not take, stops the start with exit code 2.
        """;

    private const string Endpoints = """
        Endpoints: /v1.0/... (Graph: users, groups, contacts and their photos), /v1.0/$batch,
        /{tenant}/oauth2/v2.0/token, /authorize (the sign-in page), /devicecode, /logout,
        /devicelogin, /oidc/userinfo, /{tenant}/v2.0/.well-known/openid-configuration,
        /{tenant}/discovery/v2.0/keys, /healthz, /openapi/v1.json.
        Documentation: README.md and docs/ in the source repository.
        """;

    public static bool WantsHelp(IEnumerable<string> args) =>
        args.Any(a => a is "--help" or "-h" or "-?" or "/?");

    public static string Help => Build();

    private static string Build()
    {
        var help = new StringBuilder(Usage).AppendLine().AppendLine();
        Line(help, "--urls, ASPNETCORE_URLS", "Addresses to listen on.", "[default: http://localhost:5000]");
        Line(help, HttpsSetup.Flag, "The same as Https:Enabled=true.");
        Line(help, "ConnectionStrings:Postgres", "The PostgreSQL database, with Storage:Metadata=Postgres (Npgsql's syntax).");
        Line(help, "ConnectionStrings:AzureBlob", "The Azure Blob Storage account, with Storage:Blobs=AzureBlob.");
        foreach (var section in SettingsCatalog.Sections)
        {
            help.AppendLine();
            Settings(help, section.Root.Children);
        }

        return help.AppendLine().AppendLine(Endpoints).ToString();
    }

    private static void Settings(StringBuilder help, IEnumerable<Setting> settings)
    {
        foreach (var setting in settings)
        {
            Line(help, setting.Path, setting.Meaning, Suffix(setting));
            Settings(help, setting.Children);
        }
    }

    private static string? Suffix(Setting setting) => (setting.ValueType.IsEnum, setting.Default) switch
    {
        (true, var value) => $"[{string.Join(" or ", Enum.GetNames(setting.ValueType))}{(value is null ? "" : $"; default: {value}")}]",
        (false, { } value) => $"[default: {value}]",
        _ => null,
    };

    /// <summary>
    /// The name, then its text wrapped in a column, the suffix kept whole on one line; a name too
    /// long for its column gets a line of its own.
    /// </summary>
    private static void Line(StringBuilder help, string name, string text, string? suffix = null)
    {
        var line = new StringBuilder("  ").Append(name);
        if (line.Length >= Column - 1)
        {
            help.AppendLine(line.ToString());
            line.Clear();
        }

        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Append(suffix).OfType<string>())
        {
            var start = line.Length < Column;
            if (!start && line.Length + 1 + word.Length > Width)
            {
                help.AppendLine(line.ToString().TrimEnd());
                line.Clear();
                start = true;
            }

            line.Append(start ? new string(' ', Column - line.Length) : " ").Append(word);
        }

        help.AppendLine(line.ToString().TrimEnd());
    }
}
