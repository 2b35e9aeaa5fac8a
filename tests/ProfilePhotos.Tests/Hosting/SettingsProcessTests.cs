using ProfilePhotos.Tests.Infrastructure;

namespace ProfilePhotos.Tests.Hosting;

/// <summary>
/// Wrong settings, given to the real process as an operator gives them: it stops with exit code 2
/// and one line naming the setting, no stack trace, and nothing created in its working directory.
/// </summary>
[Trait(Tier.Name, Tier.Slow)]
public sealed class SettingsProcessTests : IDisposable
{
    private readonly ScratchDirectory scratch = new();

    private string WorkingDirectory => scratch.Path;

    public void Dispose() => scratch.Dispose();

    [Theory]
    [InlineData("--Storage:Metadata=Mysql", "Storage:Metadata (on the command line) cannot be 'Mysql': it takes one of Sqlite, Postgres.")]
    [InlineData("--Storage:SweepInterval=soon", "Storage:SweepInterval (on the command line) cannot be 'soon': it takes a time span")]
    [InlineData("--Storage:DataDirectroy=x", "Storage:DataDirectroy (on the command line) is not a setting. Did you mean Storage:DataDirectory?")]
    [InlineData("--Https:Enabled=maybe", "Https:Enabled (on the command line) cannot be 'maybe': it takes true or false.")]
    [InlineData("--Imaging:JpegQuality=0", "Imaging:JpegQuality must be between 1 and 100.")]
    [InlineData("--Photos:MaxUploadBytes=-1", "Photos:MaxUploadBytes must be positive and not above Photos:MaxDiscardBytes.")]
    [InlineData("--Identity:Mode=External", "Identity:Authority must be an absolute URL when Identity:Mode is External.")]
    [InlineData("--Storage:Metadata=Postgres", "Storage:Metadata is Postgres but ConnectionStrings:Postgres (env ConnectionStrings__Postgres) is not set.")]
    [InlineData("--Storage:Blobs=AzureBlob", "Storage:Blobs is AzureBlob but ConnectionStrings:AzureBlob (env ConnectionStrings__AzureBlob) is not set;")]
    public async Task AWrongSettingStopsTheStartWithOneLineAndExitCode2(string argument, string expected)
    {
        var stopped = await RunAsync(ServiceProcess.StartInfo(WorkingDirectory, "--urls", "http://127.0.0.1:0", argument));
        Assert.StartsWith(expected, stopped);
    }

    [Fact]
    public async Task ATypoInAnEnvironmentVariableIsNamedWithTheSettingItMissed()
    {
        var info = ServiceProcess.StartInfo(WorkingDirectory, "--urls", "http://127.0.0.1:0");
        info.Environment["Identity__Applications__0__ClientSecrett"] = "hunter2";
        var stopped = await RunAsync(info);
        Assert.StartsWith("Identity:Applications:0:ClientSecrett (in the environment) is not a setting. Did you mean Identity:Applications:0:ClientSecret?", stopped);
        Assert.DoesNotContain("hunter2", stopped);
    }

    [Fact]
    public async Task TheMigrateCommandChecksTheSettingsOfItsTargetToo()
    {
        var stopped = await RunAsync(ServiceProcess.StartInfo(WorkingDirectory, "migrate", "--source", WorkingDirectory, "--Storage:Metadata=Postgress"));
        Assert.StartsWith("Storage:Metadata (on the command line) cannot be 'Postgress'", stopped);
    }

    [Fact]
    public async Task AMigrationWithoutItsSourceStopsWithItsUsage()
    {
        var stopped = await RunAsync(ServiceProcess.StartInfo(WorkingDirectory, "migrate", "--Storage:Metadata=Postgres"));
        Assert.StartsWith("Usage: ProfilePhotos migrate --source", stopped);
    }

    /// <summary>Runs the process to its end and returns its one line of output, having checked what every refusal shares.</summary>
    private async Task<string> RunAsync(System.Diagnostics.ProcessStartInfo info)
    {
        var service = ServiceProcess.Start(info);
        await using (service)
        {
            Assert.Equal(2, await service.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            var output = service.Output;
            Assert.DoesNotContain("   at ", output);
            Assert.Empty(Directory.EnumerateFileSystemEntries(WorkingDirectory));
            return Assert.Single(output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        }
    }
}
