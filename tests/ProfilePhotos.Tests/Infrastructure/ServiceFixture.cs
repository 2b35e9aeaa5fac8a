using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

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

        client = new Lazy<GraphClient>(() => new GraphClient(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false })));
    }

    public string DataDirectory { get; }

    /// <summary>A client of the service, with helpers for tokens and Graph calls.</summary>
    public GraphClient Graph => client.Value;

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
