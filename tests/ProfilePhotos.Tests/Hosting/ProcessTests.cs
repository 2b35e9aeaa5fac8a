using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ProfilePhotos.Tests.Infrastructure;

namespace ProfilePhotos.Tests.Hosting;

/// <summary>The README's promise, for real: one process, no configuration, a token and a user within a minute.</summary>
[Trait(Tier.Name, Tier.Slow)]
public sealed partial class ProcessTests : IDisposable
{
    private readonly string workingDirectory = ServiceFixture.TemporaryDirectory();

    public void Dispose() => Directory.Delete(workingDirectory, recursive: true);

    [Fact]
    public async Task AFirstStartWithoutConfigurationPrintsDemoCredentialsThatWork()
    {
        string tenant, clientId, secret;
        await using (var service = await ServiceProcess.StartAsync(workingDirectory))
        {
            var printed = await service.WaitForOutputAsync(DemoCredentials());
            (tenant, clientId, secret) = (printed.Groups["tenant"].Value, printed.Groups["client"].Value, printed.Groups["secret"].Value);
            Assert.Matches(CurlLine(), service.Output);

            using var http = new HttpClient { BaseAddress = service.Address };
            var token = await TokenAsync(http, tenant, clientId, secret);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var created = await http.PostAsJsonAsync("/v1.0/users", new
            {
                accountEnabled = true,
                displayName = "Newcomer",
                mailNickname = "newcomer",
                userPrincipalName = "newcomer@contoso.com",
                passwordProfile = new { password = GraphClient.TestPassword },
            });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.NotNull(created.Headers.Date);
            using var read = await http.GetAsync("/v1.0/users/newcomer@contoso.com");
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);

            // libvips loads in the real process, and a photo goes in and comes out.
            using var upload = new ByteArrayContent(TestImages.Jpeg(120, 120));
            upload.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            using var put = await http.PutAsync("/v1.0/users/newcomer@contoso.com/photo/$value", upload);
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            using var photo = await http.GetAsync("/v1.0/users/newcomer@contoso.com/photos/120x120/$value");
            Assert.Equal("image/jpeg", photo.Content.Headers.ContentType?.MediaType);

            // The default data directory is ./data where the service was started.
            Assert.True(File.Exists(Path.Combine(workingDirectory, "data", "profilephotos.db")));
            Assert.True(File.Exists(Path.Combine(workingDirectory, "data", "keys", "signing-key.pem")));

            Assert.Equal(0, await service.TerminateAsync(TimeSpan.FromSeconds(20)));
            Assert.Contains("Application is shutting down", service.Output);
        }

        await using (var restarted = await ServiceProcess.StartAsync(workingDirectory))
        {
            await restarted.WaitForOutputAsync(new Regex($"Demo tenant {tenant}, client id {clientId}"));
            Assert.DoesNotContain(secret, restarted.Output);
            using var http = new HttpClient { BaseAddress = restarted.Address };
            Assert.False(string.IsNullOrEmpty(await TokenAsync(http, tenant, clientId, secret)));
        }
    }

    [Fact]
    public async Task HelpDescribesTheSettingsAndExits()
    {
        var help = ServiceProcess.Start(ServiceProcess.StartInfo(workingDirectory, "--help"));
        await using (help)
        {
            Assert.Equal(0, await help.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            foreach (var setting in new[] { "--urls", "Storage:DataDirectory", "Identity:Mode", "Identity:Applications:N:TenantId", "Identity:Authority" })
            {
                Assert.Contains(setting, help.Output);
            }

            Assert.False(Directory.Exists(Path.Combine(workingDirectory, "data")), "--help must not create a store");
        }
    }

    [Fact]
    public async Task AnIncompleteExternalConfigurationStopsTheStartWithAMessage()
    {
        var service = ServiceProcess.Start(ServiceProcess.StartInfo(workingDirectory, "--urls", "http://127.0.0.1:0", "--Identity:Mode=External"));
        await using (service)
        {
            Assert.NotEqual(0, await service.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            Assert.Contains("Identity:Authority", service.Output);
            Assert.Contains("Identity:Audience", service.Output);
        }
    }

    private static Task<string> TokenAsync(HttpClient http, string tenant, string clientId, string secret) =>
        GraphClient.ClientCredentialsTokenAsync(http, tenant, clientId, secret);

    [GeneratedRegex(@"tenant id:\s+(?<tenant>[0-9a-f-]{36})\s+client id:\s+(?<client>[0-9a-f-]{36})\s+client secret:\s+(?<secret>\S+)")]
    private static partial Regex DemoCredentials();

    [GeneratedRegex(@"curl -s -X POST http://127\.0\.0\.1:\d+/[0-9a-f-]{36}/oauth2/v2\.0/token -d grant_type=client_credentials")]
    private static partial Regex CurlLine();
}
