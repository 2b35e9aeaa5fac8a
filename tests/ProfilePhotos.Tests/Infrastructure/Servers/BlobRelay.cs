using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ProfilePhotos.Tests.Infrastructure.Servers;

/// <summary>
/// An HTTP relay between one node and the blob service (Azurite), on a loopback port of its own,
/// that can hold that node's blob deletions: the slow link, GC pause or throttled storage account
/// under which a node's deletions land long after it decided them. Everything else passes as is;
/// requests are signed over their headers and bodies, never over the host, so they stay valid.
/// </summary>
public sealed class BlobRelay : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Transfer-Encoding", "Keep-Alive", "Upgrade", "Proxy-Connection", "TE", "Trailer",
    };

    private readonly WebApplication app;
    private readonly HttpClient upstream = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false });
    private readonly Uri target;
    private TaskCompletionSource? gate;
    private TaskCompletionSource firstHeld = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int held;

    private BlobRelay(WebApplication app, Uri target)
    {
        this.app = app;
        this.target = target;
        app.Run(ForwardAsync);
    }

    /// <summary>The deletions held since <see cref="HoldDeletes"/>.</summary>
    public int Held => Volatile.Read(ref held);

    /// <summary>The connection string of the blob service, pointed at this relay instead.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>A relay to the blob endpoint named in <paramref name="connectionString"/>.</summary>
    public static async Task<BlobRelay> StartAsync(string connectionString)
    {
        var endpoint = connectionString.Split(';').Select(p => p.Split('=', 2)).Single(p => p[0] == "BlobEndpoint")[1];
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var relay = new BlobRelay(builder.Build(), new Uri(endpoint));
        await relay.app.StartAsync();
        var address = new Uri(relay.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        relay.ConnectionString = connectionString.Replace(endpoint, $"http://{address.Authority}{relay.target.AbsolutePath}", StringComparison.Ordinal);
        return relay;
    }

    /// <summary>From now on, deletions wait at the relay until <see cref="ReleaseDeletes"/>.</summary>
    public void HoldDeletes()
    {
        firstHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref held, 0);
        Volatile.Write(ref gate, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }

    /// <summary>Completes once at least one deletion is waiting at the relay.</summary>
    public Task DeletionHeld => firstHeld.Task;

    /// <summary>Lets every held deletion through, and the later ones at once.</summary>
    public void ReleaseDeletes() => Interlocked.Exchange(ref gate, null)?.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        ReleaseDeletes();
        await app.DisposeAsync();
        upstream.Dispose();
    }

    private async Task ForwardAsync(HttpContext context)
    {
        if (HttpMethods.IsDelete(context.Request.Method) && Volatile.Read(ref gate) is { } closed)
        {
            Interlocked.Increment(ref held);
            firstHeld.TrySetResult();
            await closed.Task;
        }

        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(target, context.Request.Path + context.Request.QueryString));
        // The body whole, so that it goes on with the Content-Length it was signed with.
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        if (body.Length > 0 || context.Request.ContentLength is not null)
        {
            request.Content = new ByteArrayContent(body.ToArray());
        }

        foreach (var (name, values) in context.Request.Headers)
        {
            if (!HopByHop.Contains(name) && !request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        using var response = await upstream.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopByHop.Contains(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        if (response.StatusCode != HttpStatusCode.NotModified && context.Request.Method != HttpMethods.Head)
        {
            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        }
    }
}
