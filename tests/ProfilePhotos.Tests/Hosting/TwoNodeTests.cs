using System.Net;
using System.Net.Sockets;
using System.Text;
using ProfilePhotos.Tests.Infrastructure;
using ProfilePhotos.Tests.Infrastructure.Servers;

namespace ProfilePhotos.Tests.Hosting;

/// <summary>
/// Two service processes on different ports over one PostgreSQL database and one Azurite
/// container, as behind a load balancer: what one node does, the other sees at once.
/// </summary>
[Trait(Tier.Name, Tier.Slow)]
public sealed class TwoNodeTests : IAsyncLifetime
{
    private readonly ScratchDirectory directory = new();
    private SharedStore store = null!;
    private string[] settings = [];
    private ServiceProcess nodeA = null!;
    private ServiceProcess nodeB = null!;

    public async Task InitializeAsync()
    {
        store = await SharedStore.CreateAsync();
        // Behind one address, every node names the same issuer.
        settings = ServiceProcess.Arguments(TestApplication.Settings(), store.Settings, [new("Identity:IssuerBaseUrl", "http://photos.example")]);
        // Started together: the schema migration and the shared signing key must survive the race.
        var (a, b) = (StartNodeAsync("a"), StartNodeAsync("b"));
        (nodeA, nodeB) = (await a, await b);
    }

    public async Task DisposeAsync()
    {
        await nodeA.DisposeAsync();
        await nodeB.DisposeAsync();
        directory.Dispose();
    }

    private Task<ServiceProcess> StartNodeAsync(string name) => ServiceProcess.StartAsync(directory.Subdirectory(name), settings);

    [Fact]
    public async Task WhatOneNodeDoesTheOtherSeesAtOnce()
    {
        // A token from node A works on node B: one issuer, one key.
        var token = await nodeA.Graph.AppTokenAsync(TestApplication.AdminA);
        var user = $"/v1.0/users/{(await nodeB.Graph.CreateUserAsync(token: token)).Id}";

        var etag = await nodeA.Graph.PutPhotoOkAsync(user, token, TestImages.Jpeg(300, 320));
        var onB = await nodeB.Graph.WholePhotoAsync(user, token);
        Assert.Equal(etag, onB.ETag);
        Assert.Equal(onB.Largest, (await nodeA.Graph.WholePhotoAsync(user, token)).Largest);

        using var deleted = await nodeB.Graph.SendAsync(HttpMethod.Delete, $"{user}/photo", token);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await nodeA.Graph.GetValueAsync($"{user}/photo/$value", token);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task ConcurrentWritesOnBothNodesEndInOneConsistentPhoto()
    {
        var (a, b) = (nodeA.Graph, nodeB.Graph);
        var user = $"/v1.0/users/{(await a.CreateUserAsync()).Id}";
        var (tokenA, tokenB) = (await a.AppTokenAsync(TestApplication.AdminA), await b.AppTokenAsync(TestApplication.AdminA));
        byte[][] images = [TestImages.Jpeg(100, 100), TestImages.Png(250, 250), TestImages.Jpeg(400, 420), TestImages.WebP(130, 140)];
        string[] acknowledged;
        try
        {
            acknowledged = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
                i % 2 == 0 ? a.PutPhotoOkAsync(user, tokenA, images[i % images.Length]) : b.PutPhotoOkAsync(user, tokenB, images[i % images.Length])));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new InvalidOperationException($"{ex.Message}\nnode A:\n{nodeA.Output}\nnode B:\n{nodeB.Output}", ex);
        }

        var fromA = await a.WholePhotoAsync(user, tokenA);
        var fromB = await b.WholePhotoAsync(user, tokenB);
        Assert.Equal(fromA.ETag, fromB.ETag);
        Assert.Equal(fromA.Largest, fromB.Largest);
        Assert.Contains(fromA.ETag, acknowledged);
        // The ladders of the four uploads: shorter sides of 100, 250, 400 and 130 px.
        Assert.Contains(fromA.Sizes.Count, new[] { 3, 5, 6, 4 });
    }

    [Fact]
    public async Task KillingANodeMidUploadLeavesTheOtherServingAConsistentPhoto()
    {
        var token = await nodeA.Graph.AppTokenAsync(TestApplication.AdminA);
        var user = $"/v1.0/users/{(await nodeB.Graph.CreateUserAsync(token: token)).Id}";
        await nodeB.Graph.PutPhotoOkAsync(user, token, TestImages.Jpeg(240, 250));
        var before = await nodeB.Graph.WholePhotoAsync(user, token);

        // Half of a large upload reaches node A, then A dies.
        using var large = TestImages.Gradient(2400, 2000);
        var body = large.JpegsaveBuffer(q: 100);
        using (var socket = new TcpClient())
        {
            await socket.ConnectAsync(nodeA.Address.Host, nodeA.Address.Port);
            var stream = socket.GetStream();
            var head = $"PUT {user}/photo/$value HTTP/1.1\r\nHost: {nodeA.Address.Authority}\r\nAuthorization: Bearer {token}\r\n" +
                       $"Content-Type: image/jpeg\r\nContent-Length: {body.Length}\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            await stream.WriteAsync(body.AsMemory(0, body.Length / 2));
            await stream.FlushAsync();
            await Task.Delay(200);
            await nodeA.DisposeAsync(); // SIGKILL
        }

        var after = await nodeB.Graph.WholePhotoAsync(user, token);
        Assert.Equal(before.ETag, after.ETag);
        Assert.Equal(before.Largest, after.Largest);
        nodeA = await StartNodeAsync("a-again");
    }
}
