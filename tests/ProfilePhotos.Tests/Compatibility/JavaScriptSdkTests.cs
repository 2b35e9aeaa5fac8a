using System.Diagnostics;
using ProfilePhotos.Tests.Infrastructure;
using ProfilePhotos.Tests.Infrastructure.Servers;

namespace ProfilePhotos.Tests.Compatibility;

/// <summary>
/// The JavaScript suite (<c>tests/js</c>, the official <c>@microsoft/microsoft-graph-client</c>
/// 3.x under Node.js) against the real service over HTTPS, as the README tells a developer to set it up.
/// </summary>
[Trait(Tier.Name, Tier.Slow)]
public sealed class JavaScriptSdkTests(HttpsKestrelFixture service) : IClassFixture<HttpsKestrelFixture>
{
    [Fact]
    public async Task TheJavaScriptSdkSuitePasses()
    {
        var suite = Path.Combine(Repository.Root, "tests", "js");
        if (!File.Exists(Path.Combine(suite, "node_modules", "@microsoft", "microsoft-graph-client", "package.json")))
        {
            await ExternalProcess.RunAsync("npm", "ci", "--prefix", suite, "--no-audit", "--no-fund", "--silent");
        }

        var photo = Path.Combine(service.DataDirectory, "upload.jpg");
        await File.WriteAllBytesAsync(photo, TestImages.Jpeg(260, 300));
        var app = TestApplication.AdminA;
        var info = new ProcessStartInfo("node") { WorkingDirectory = suite, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("--test");
        info.ArgumentList.Add("graph-client.test.mjs");
        info.Environment["PROFILEPHOTOS_URL"] = service.ListeningAddress!.ToString();
        info.Environment["TENANT_ID"] = app.TenantId.ToString();
        info.Environment["CLIENT_ID"] = app.ClientId;
        info.Environment["CLIENT_SECRET"] = app.Secret;
        info.Environment["PHOTO_FILE"] = photo;
        // Node trusts the service's self-signed certificate the documented way.
        info.Environment["NODE_EXTRA_CA_CERTS"] = Path.Combine(service.DataDirectory, "https", "localhost.crt");

        using var node = Process.Start(info)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        var text = await output + await errors;
        Assert.True(node.ExitCode == 0, text);
        Assert.Contains("# pass 2", text);
        Assert.Contains("# fail 0", text);
    }
}
