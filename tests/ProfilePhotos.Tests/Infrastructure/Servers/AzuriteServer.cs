namespace ProfilePhotos.Tests.Infrastructure.Servers;

/// <summary>
/// Azurite's blob service from npm, in memory, on a free loopback port, for the test run; the
/// package is installed once into a cache under the user's home and reused. Each test class
/// takes a container of its own. Set PROFILEPHOTOS_TEST_AZURE_BLOB to use another account instead.
/// </summary>
public sealed class AzuriteServer
{
    private const string Version = "3.37.0";

    // Azurite's well-known development account: public, documented, and valid only against Azurite.
    private const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly Lazy<Task<AzuriteServer>> Instance = new(StartAsync);

    private AzuriteServer(string connectionString) => ConnectionString = connectionString;

    public string ConnectionString { get; }

    public static Task<AzuriteServer> GetAsync() => Instance.Value;

    private static async Task<AzuriteServer> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("PROFILEPHOTOS_TEST_AZURE_BLOB") is { Length: > 0 } given)
        {
            return new AzuriteServer(given);
        }

        var prefix = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "profilephotos-tests", $"azurite-{Version}");
        var main = Path.Combine(prefix, "node_modules", "azurite", "dist", "src", "blob", "main.js");
        if (!File.Exists(main))
        {
            await ExternalProcess.RunAsync("npm", "install", "--prefix", prefix, $"azurite@{Version}", "--no-audit", "--no-fund", "--silent");
        }

        var port = ExternalProcess.FreePort();
        var server = TiedProcess.Start(null, "node \"$@\"", "kill -KILL $server; wait $server",
            main, "--blobHost", "127.0.0.1", "--blobPort", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--inMemoryPersistence", "--skipApiVersionCheck", "--silent");
        await ExternalProcess.WaitForPortAsync(port, TimeSpan.FromSeconds(60), server);
        if (server.HasExited)
        {
            throw new InvalidOperationException($"Azurite exited: {server.Output}");
        }

        return new AzuriteServer(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentAccountKey};BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;");
    }
}
