using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using ProfilePhotos.Hosting;
using ProfilePhotos.Tests.Infrastructure;

namespace ProfilePhotos.Tests.Hosting;

/// <summary>The settings catalog is the one list of settings: --help and the documentation must name all of it.</summary>
public sealed partial class SettingsCatalogTests
{
    public static TheoryData<string> Settings() => [.. SettingsCatalog.All.Select(s => s.Path)];

    [Fact]
    public void EverySettingAndListOfSettingsSaysWhatItMeans()
    {
        var described = SettingsCatalog.Sections.SelectMany(s => Flatten(s.Root.Children)).ToList();
        Assert.Contains(described, s => s.Path == "Identity:Applications:N");
        Assert.All(described, s => Assert.False(string.IsNullOrWhiteSpace(s.Meaning), $"{s.Path} declares no [Setting] meaning"));
    }

    [Fact]
    public void ListsAreNumberedAndDefaultsComeFromTheOptionsThemselves()
    {
        var paths = SettingsCatalog.All.ToDictionary(s => s.Path);
        Assert.Contains("Cors:AllowedOrigins:N", paths.Keys);
        Assert.Contains("Identity:Applications:N:ClientId", paths.Keys);
        Assert.Contains("Identity:Applications:N:ApplicationPermissions:K", paths.Keys);
        Assert.Contains("Identity:SigningKeys:N:Path", paths.Keys);
        Assert.DoesNotContain("Storage:FullDataDirectory", paths.Keys);
        Assert.Equal("00:10:00", paths["Storage:SweepInterval"].Default);
        Assert.Equal(new StorageOptions().DataDirectory, paths["Storage:DataDirectory"].Default);
        Assert.Equal("Sqlite", paths["Storage:Metadata"].Default);
        Assert.Equal("4194304", paths["Photos:MaxUploadBytes"].Default);
        Assert.Equal("the number of cores", paths["Imaging:MaxConcurrency"].Default);
        Assert.Null(paths["Identity:Applications:N:TenantId"].Default);
    }

    /// <summary>The binder itself, told to refuse what it cannot bind, takes every key the catalog names.</summary>
    [Fact]
    public void EveryKeyTheCatalogNamesIsOneTheBinderBinds()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(SettingsCatalog.All.Select(Example)).Build();
        foreach (var section in SettingsCatalog.Sections)
        {
            var bound = configuration.GetSection(section.Root.Name).Get(section.Root.ValueType, o => o.ErrorOnUnknownConfiguration = true);
            Assert.NotNull(bound);
        }
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void HelpNamesTheSetting(string path) => Assert.Contains(path, CommandLine.Help);

    [Theory]
    [MemberData(nameof(Settings))]
    public void TheConfigurationDocumentNamesTheSettingInATable(string path)
    {
        var rows = File.ReadLines(Path.Combine(Repository.Root, "docs", "configuration.md")).Where(l => l.StartsWith('|'));
        Assert.Contains(rows, row => row.Contains($"`{path}`", StringComparison.Ordinal));
    }

    [Fact]
    public void HelpKeepsWhatNoOptionsClassHoldsAndFitsATerminal()
    {
        var help = CommandLine.Help;
        foreach (var line in new[] { "--urls, ASPNETCORE_URLS", "--https", "ConnectionStrings:Postgres", "ConnectionStrings:AzureBlob", "migrate --source", "/healthz", "[Sqlite or Postgres; default: Sqlite]" })
        {
            Assert.Contains(line, help);
        }

        Assert.All(help.Split('\n'), line => Assert.True(line.Length <= 100, $"too wide: {line}"));
        Assert.DoesNotMatch(Placeholder(), help);
    }

    private static IEnumerable<Setting> Flatten(IEnumerable<Setting> settings) =>
        settings.SelectMany(s => Flatten(s.Children).Prepend(s));

    /// <summary>A key and a value the setting takes: list items numbered 0, values other than the defaults.</summary>
    internal static KeyValuePair<string, string?> Example(Setting setting)
    {
        var key = IndexName().Replace(setting.Path, ":0");
        var type = setting.ValueType;
        var value = type switch
        {
            _ when type.IsEnum => Enum.GetNames(type)[^1],
            _ when type == typeof(bool) => "true",
            _ when type == typeof(int) || type == typeof(long) => "7",
            _ when type == typeof(TimeSpan) => "00:00:07",
            _ when type == typeof(Guid) => Guid.NewGuid().ToString(),
            _ when type == typeof(Uri) => "https://photos.example.com/",
            _ => "text " + key.Length.ToString(CultureInfo.InvariantCulture),
        };
        return new(key, value);
    }

    [GeneratedRegex(@":[NK](?=:|$)")]
    private static partial Regex IndexName();

    [GeneratedRegex(@"\{\d+\}|\bnull\b")]
    private static partial Regex Placeholder();
}
