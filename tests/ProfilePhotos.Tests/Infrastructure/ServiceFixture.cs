using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ProfilePhotos.Tests.Infrastructure;

/// <summary>
/// The real service, in memory through its whole HTTP pipeline, on a temporary data directory
/// that it owns. Tokens come from its own embedded issuer: nothing bypasses authentication.
/// </summary>
public class ServiceFixture : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> settings;
    private readonly bool ownsDirectory;
    private readonly Lazy<GraphClient> client;

    public ServiceFixture()
        : this(TemporaryDirectory(), ownsDirectory: true, [])
    {
    }

    internal ServiceFixture(string dataDirectory, bool ownsDirectory, IEnumerable<KeyValuePair<string, string?>> extraSettings)
    {
        DataDirectory = dataDirectory;
        this.ownsDirectory = ownsDirectory;
        settings = new Dictionary<string, string?>(TestApplication.Settings())
        {
            ["Storage:DataDirectory"] = dataDirectory,
        };
        foreach (var (key, value) in extraSettings)
        {
            settings[key] = value;
        }

        client = new Lazy<GraphClient>(() => new GraphClient(CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            BaseAddress = ListeningAddress ?? new Uri("http://localhost"),
        })));
    }

    public string DataDirectory { get; }

    /// <summary>A client of the service, with helpers for tokens and Graph calls.</summary>
    public GraphClient Graph => client.Value;

    /// <summary>The real socket address when the fixture runs on Kestrel (<c>UseKestrel</c>), else null.</summary>
    public Uri? ListeningAddress =>
        Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() is { } address
            ? new Uri(address)
            : null;

    /// <summary>
    /// The service on a real socket (a free loopback port), started: over HTTPS with the
    /// self-signed certificate it makes in its data directory when <paramref name="https"/>.
    /// </summary>
    public static ServiceFixture StartOnKestrel(bool https = false)
    {
        var fixture = https
            ? new ServiceFixture(TemporaryDirectory(), ownsDirectory: true, new Dictionary<string, string?>
            {
                ["Https:Enabled"] = "true",
                ["urls"] = "https://127.0.0.1:0",
            })
            : new ServiceFixture();
        if (https)
        {
            fixture.UseKestrel(); // the addresses come from the urls setting
        }
        else
        {
            fixture.UseKestrel(0);
        }

        fixture.StartServer();
        return fixture;
    }

    public static string TemporaryDirectory() =>
        Directory.CreateTempSubdirectory("profilephotos-tests-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && ownsDirectory && Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
