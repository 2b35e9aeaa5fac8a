using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ProfilePhotos.Hosting;
using ProfilePhotos.Identity;
using ProfilePhotos.Photos;
using ProfilePhotos.Storage;
using ProfilePhotos.Tests.Infrastructure;

namespace ProfilePhotos.Tests.Hosting;

/// <summary>The start check, in process: what it refuses, what it says, and what it leaves alone.</summary>
public sealed class SettingsCheckTests
{
    private static IConfiguration Configuration(params (string Key, string? Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    private static IReadOnlyList<string> Mistakes(params (string Key, string? Value)[] settings) =>
        SettingsWalk.Mistakes(Configuration(settings), SettingsCatalog.Sections.Select(s => s.Root));

    [Fact]
    public void EverySettingTheCatalogNamesPassesWithAValueItTakes()
    {
        var every = SettingsCatalog.All.Select(SettingsCatalogTests.Example).Select(e => (e.Key, e.Value));
        Assert.Empty(Mistakes([.. every]));
        Assert.Empty(Mistakes([.. TestApplication.Settings().Select(s => (s.Key, s.Value))]));
    }

    [Fact]
    public void OtherSectionsCaseAndEmptyListsAreLeftAlone()
    {
        Assert.Empty(Mistakes(
            ("ConnectionStrings:Postgres", "Host=db"), ("Logging:LogLevel:Default", "Debug"), ("AllowedHosts", "*"), ("urls", "http://+:80"),
            ("Kestrel:Limits:MaxRequestBodySize", "10"), ("HTTPS", "on"), ("storage:datadirectory", "/srv"), ("IMAGING:jpegquality", "80"),
            ("Cors:AllowedOrigins", ""), ("Identity:Applications", null), ("Identity:IssuerBaseUrl", "")));
    }

    [Fact]
    public void ATypoNamesTheClosestSettingAndTheKnownOnes()
    {
        var mistake = Assert.Single(Mistakes(("Storage:DataDirectroy", "x")));
        Assert.StartsWith("Storage:DataDirectroy is not a setting. Did you mean Storage:DataDirectory?", mistake);
        Assert.Contains("Known under Storage: Metadata, Blobs, BlobContainer, DataDirectory,", mistake);
    }

    [Fact]
    public void ATypoInsideAListItemIsCaughtAndItsValueIsNotRepeated()
    {
        var mistake = Assert.Single(Mistakes(("Identity:Applications:0:ClientId", "app"), ("Identity:Applications:0:ClientSecrett", "hunter2")));
        Assert.Contains("Identity:Applications:0:ClientSecrett is not a setting. Did you mean Identity:Applications:0:ClientSecret?", mistake);
        Assert.DoesNotContain("hunter2", mistake);
    }

    [Fact]
    public void AFarFetchedKeyGetsTheKnownKeysButNoGuess()
    {
        var mistake = Assert.Single(Mistakes(("Photos:Watermark", "on")));
        Assert.Equal("Photos:Watermark is not a setting. Known under Photos: MaxUploadBytes, MaxDiscardBytes, CachedRenditionMegabytes.", mistake);
    }

    [Theory]
    [InlineData("Storage:Metadata", "Mysql", "one of Sqlite, Postgres")]
    [InlineData("Storage:Metadata", "1", "one of Sqlite, Postgres")]
    [InlineData("Storage:Blobs", "Files,AzureBlob", "one of Files, AzureBlob")]
    [InlineData("Storage:SweepInterval", "soon", "a time span such as 00:10:00")]
    [InlineData("Imaging:JpegQuality", "high", "a whole number")]
    [InlineData("Https:Enabled", "yes", "true or false")]
    [InlineData("Identity:Applications:0:TenantId", "contoso", "a GUID")]
    [InlineData("Identity:IssuerBaseUrl", "photos.example.com", "an absolute URL")]
    public void AValueTheSettingDoesNotTakeIsNamedWithWhatItTakes(string key, string value, string takes)
    {
        var mistake = Assert.Single(Mistakes((key, value)));
        Assert.StartsWith($"{key} cannot be '{value}': it takes {takes}", mistake);
    }

    [Theory]
    [InlineData("Cors:AllowedOrigins", "http://localhost:3000", "Cors:AllowedOrigins is a list: give its items as Cors:AllowedOrigins:N")]
    [InlineData("Identity:Applications:ClientId", "x", "numbered from 0, as in Identity:Applications:0:ClientId")]
    [InlineData("Storage:DataDirectory:Path", "/srv", "Storage:DataDirectory:Path is not a setting: Storage:DataDirectory takes one value")]
    [InlineData("Identity:Applications:0", "x", "Identity:Applications:0 is a group of settings, not one")]
    public void AShapeTheSettingDoesNotHaveIsExplained(string key, string value, string expected) =>
        Assert.Contains(expected, Assert.Single(Mistakes((key, value))));

    [Fact]
    public void SeveralMistakesAreReportedOnOneLine()
    {
        var error = new StringWriter();
        Assert.False(SettingsCheck.Passes(Configuration(("Storage:Metadata", "Mysql"), ("Cors:AllowedOrigin:0", "x")), error));
        var line = Assert.Single(error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Storage:Metadata", line);
        Assert.Contains("Did you mean Cors:AllowedOrigins?", line);
        Assert.True(SettingsCheck.Passes(Configuration(("Storage:Metadata", "postgres")), error));
    }

    [Fact]
    public void TheFeaturesOwnRulesAreCollectedFromTheirOptions()
    {
        var services = new ServiceCollection()
            .AddSingleton(Configuration(("Imaging:JpegQuality", "0"), ("Photos:MaxUploadBytes", "-1"), ("Identity:Mode", "External")))
            .AddStorage().AddPhotos().AddGraphIdentity();
        using var provider = services.BuildServiceProvider();
        var failures = SettingsCheck.ValidationFailures(provider);
        Assert.Contains("Imaging:JpegQuality must be between 1 and 100.", failures);
        Assert.Contains(failures, f => f.StartsWith("Photos:MaxUploadBytes must be positive", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Identity:Authority", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Identity:Audience", StringComparison.Ordinal));
    }

    [Fact]
    public void SpellingCountsASwapOfNeighboursAsOneEdit()
    {
        Assert.Equal(1, Spelling.Distance("DataDirectroy", "DataDirectory"));
        Assert.Equal("JpegQuality", Spelling.Closest("jpegqualty", ["MaxPixels", "JpegQuality", "MaxConcurrency"]));
        Assert.Null(Spelling.Closest("Watermark", ["MaxPixels", "JpegQuality"]));
    }
}
