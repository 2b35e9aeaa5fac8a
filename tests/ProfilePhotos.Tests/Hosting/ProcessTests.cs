using System.Net;
using System.Text.RegularExpressions;
using ProfilePhotos.Tests.Infrastructure;

namespace ProfilePhotos.Tests.Hosting;

/// <summary>The README's promise, for real: one process, no configuration, a token and a user within a minute.</summary>
[Trait(Tier.Name, Tier.Slow)]
public sealed partial class ProcessTests : IDisposable
{
    private readonly ScratchDirectory scratch = new();

    private string WorkingDirectory => scratch.Path;

    public void Dispose() => scratch.Dispose();

    [Fact]
    public async Task AFirstStartWithoutConfigurationPrintsDemoCredentialsThatWork()
    {
        TestApplication demo;
        await using (var service = await ServiceProcess.StartAsync(WorkingDirectory))
        {
            var printed = await service.WaitForOutputAsync(DemoCredentials());
            demo = new TestApplication(Guid.Parse(printed.Groups["tenant"].Value), printed.Groups["client"].Value, printed.Groups["secret"].Value, []);
            Assert.Matches(CurlLine(), service.Output);

            var token = await service.Graph.AppTokenAsync(demo);
            await service.Graph.CreateUserAsync(demo, userPrincipalName: "newcomer@contoso.com");
            using var read = await service.Graph.SendAsync(HttpMethod.Get, "/v1.0/users/newcomer@contoso.com", token);
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            Assert.NotNull(read.Headers.Date);

            // libvips loads in the real process, and a photo goes in and comes out.
            using var put = await service.Graph.PutPhotoAsync("/v1.0/users/newcomer@contoso.com", token, TestImages.Jpeg(120, 120), "image/jpeg");
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            using var photo = await service.Graph.GetValueAsync("/v1.0/users/newcomer@contoso.com/photos/120x120/$value", token);
            Assert.Equal("image/jpeg", photo.Content.Headers.ContentType?.MediaType);

            // The default data directory is ./data where the service was started.
            Assert.True(File.Exists(Path.Combine(WorkingDirectory, "data", "profilephotos.db")));
            Assert.True(File.Exists(Path.Combine(WorkingDirectory, "data", "keys", "signing-key.pem")));

            Assert.Equal(0, await service.TerminateAsync(TimeSpan.FromSeconds(20)));
            Assert.Contains("Application is shutting down", service.Output);
        }

        await using (var restarted = await ServiceProcess.StartAsync(WorkingDirectory))
        {
            await restarted.WaitForOutputAsync(new Regex($"Demo tenant {demo.TenantId}, client id {demo.ClientId}"));
            Assert.DoesNotContain(demo.Secret!, restarted.Output);
            Assert.False(string.IsNullOrEmpty(await restarted.Graph.AppTokenAsync(demo)));
        }
    }

    [Fact]
    public async Task HelpDescribesTheSettingsAndExits()
    {
        var help = ServiceProcess.Start(ServiceProcess.StartInfo(WorkingDirectory, "--help"));
        await using (help)
        {
            Assert.Equal(0, await help.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            foreach (var setting in new[] { "--urls", "Storage:DataDirectory", "Identity:Mode", "Identity:Applications:N:TenantId", "Identity:Authority" })
            {
                Assert.Contains(setting, help.Output);
            }

            Assert.False(Directory.Exists(Path.Combine(WorkingDirectory, "data")), "--help must not create a store");
        }
    }

    [Fact]
    public async Task AnIncompleteExternalConfigurationStopsTheStartWithAMessage()
    {
        var service = ServiceProcess.Start(ServiceProcess.StartInfo(WorkingDirectory, "--urls", "http://127.0.0.1:0", "--Identity:Mode=External"));
        await using (service)
        {
            Assert.NotEqual(0, await service.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            Assert.Contains("Identity:Authority", service.Output);
            Assert.Contains("Identity:Audience", service.Output);
        }
    }

    [GeneratedRegex(@"tenant id:\s+(?<tenant>[0-9a-f-]{36})\s+client id:\s+(?<client>[0-9a-f-]{36})\s+client secret:\s+(?<secret>\S+)")]
    private static partial Regex DemoCredentials();

    [GeneratedRegex(@"curl -s -X POST http://127\.0\.0\.1:\d+/[0-9a-f-]{36}/oauth2/v2\.0/token -d grant_type=client_credentials")]
    private static partial Regex CurlLine();
}
