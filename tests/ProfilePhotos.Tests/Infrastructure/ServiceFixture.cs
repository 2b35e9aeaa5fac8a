using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ProfilePhotos.Tests.Infrastructure;

/// <summary>
/// The real service, in memory through its whole HTTP pipeline, on a scratch data directory of
/// its own (or one the test gives, to start it again on the same data). Tokens come from its own
/// embedded issuer: nothing bypasses authentication.
/// </summary>
public class ServiceFixture : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> settings;
    private readonly ScratchDirectory? scratch;
    private readonly Lazy<GraphClient> client;

    public ServiceFixture()
        : this([])
    {
    }

    /// <summary>The service with extra settings, on <paramref name="dataDirectory"/> or else on a scratch directory of its own.</summary>
    internal ServiceFixture(IEnumerable<KeyValuePair<string, string?>> extraSettings, string? dataDirectory = null)
    {
        if (dataDirectory is null)
        {
            scratch = new ScratchDirectory();
            dataDirectory = scratch.Path;
        }

        DataDirectory = dataDirectory;
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

    /// <summary>The real socket address when the fixture runs on Kestrel (<see cref="KestrelFixture"/>), else null.</summary>
    public Uri? ListeningAddress =>
        Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() is { } address
            ? new Uri(address)
            : null;

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
        if (disposing)
        {
            scratch?.Dispose();
        }
    }
}
