using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using NetVips;
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
    private readonly string workingDirectory = ServiceFixture.TemporaryDirectory();
    private string[] settings = [];
    private ServiceProcess nodeA = null!;
    private ServiceProcess nodeB = null!;

    public async Task InitializeAsync()
    {
        var postgres = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        var azurite = await AzuriteServer.GetAsync();
        settings =
        [
            "--Storage:Metadata=Postgres", $"--ConnectionStrings:Postgres={postgres}",
            "--Storage:Blobs=AzureBlob", $"--ConnectionStrings:AzureBlob={azurite.ConnectionString}",
            $"--Storage:BlobContainer=nodes-{Guid.NewGuid():N}",
            // Behind one address, every node names the same issuer.
            "--Identity:IssuerBaseUrl=http://photos.example",
            .. TestApplication.Settings().Select(s => $"--{s.Key}={s.Value}"),
        ];
        // Started together: the schema migration and the shared signing key must survive the race.
        var started = await Task.WhenAll(StartNodeAsync("a"), StartNodeAsync("b"));
        (nodeA, nodeB) = (started[0], started[1]);
    }

    public async Task DisposeAsync()
    {
        await nodeA.DisposeAsync();
        await nodeB.DisposeAsync();
        Directory.Delete(workingDirectory, recursive: true);
    }

    private Task<ServiceProcess> StartNodeAsync(string name)
    {
        var directory = Directory.CreateDirectory(Path.Combine(workingDirectory, name)).FullName;
        return ServiceProcess.StartAsync(directory, settings);
    }

    private static HttpClient Client(ServiceProcess node, string? token = null)
    {
        var http = new HttpClient { BaseAddress = node.Address };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return http;
    }

    private static async Task<string> TokenFromAsync(ServiceProcess node)
    {
        using var http = Client(node);
        return await GraphClient.ClientCredentialsTokenAsync(http, TestApplication.AdminA.TenantId.ToString(), TestApplication.AdminA.ClientId, TestApplication.AdminA.Secret!);
    }

    private static StringContent JsonContent(object value) =>
        new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    private static async Task<string> CreateUserAsync(HttpClient http)
    {
        using var created = await http.PostAsync("/v1.0/users", JsonContent(new
        {
            accountEnabled = true,
            displayName = "Two nodes",
            mailNickname = "two",
            userPrincipalName = $"n{Guid.NewGuid():N}@contoso.com",
            passwordProfile = new { password = GraphClient.TestPassword },
        }));
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    private static async Task<string> PutAsync(HttpClient http, string user, byte[] image)
    {
        using var content = new ByteArrayContent(image);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await http.PutAsync($"/v1.0/users/{user}/photo/$value", content);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return response.Headers.ETag!.ToString();
    }

    /// <summary>The photo as one node serves it: every size decodes, all with one ETag; the sizes and the bytes of the largest.</summary>
    private static async Task<(string ETag, int Sizes, byte[] Largest)> PhotoAsync(HttpClient http, string user)
    {
        using var list = await http.GetAsync($"/v1.0/users/{user}/photos");
        var sizes = JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement.GetProperty("value").EnumerateArray().ToList();
        var etags = sizes.Select(s => s.GetProperty("@odata.mediaEtag").GetString()).Distinct().ToList();
        Assert.Single(etags);
        foreach (var size in sizes)
        {
            using var value = await http.GetAsync($"/v1.0/users/{user}/photos/{size.GetProperty("id").GetString()}/$value");
            Assert.Equal(HttpStatusCode.OK, value.StatusCode);
            Assert.Equal(etags[0], value.Headers.ETag!.ToString());
            using var image = Image.NewFromBuffer(await value.Content.ReadAsByteArrayAsync());
            Assert.Equal(size.GetProperty("width").GetInt32(), image.Width);
        }

        using var largest = await http.GetAsync($"/v1.0/users/{user}/photo/$value");
        return (etags[0]!, sizes.Count, await largest.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task WhatOneNodeDoesTheOtherSeesAtOnce()
    {
        // A token from node A works on node B: one issuer, one key.
        using var a = Client(nodeA, await TokenFromAsync(nodeA));
        using var b = Client(nodeB, await TokenFromAsync(nodeA));
        var user = await CreateUserAsync(b);

        var etag = await PutAsync(a, user, TestImages.Jpeg(300, 320));
        var onB = await PhotoAsync(b, user);
        Assert.Equal(etag, onB.ETag);
        Assert.Equal(onB.Largest, (await PhotoAsync(a, user)).Largest);

        using var deleted = await b.DeleteAsync($"/v1.0/users/{user}/photo");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await a.GetAsync($"/v1.0/users/{user}/photo/$value");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task ConcurrentWritesOnBothNodesEndInOneConsistentPhoto()
    {
        using var a = Client(nodeA, await TokenFromAsync(nodeA));
        using var b = Client(nodeB, await TokenFromAsync(nodeB));
        var user = await CreateUserAsync(a);
        byte[][] images = [TestImages.Jpeg(100, 100), TestImages.Png(250, 250), TestImages.Jpeg(400, 420), TestImages.WebP(130, 140)];
        string[] acknowledged;
        try
        {
            acknowledged = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => PutAsync(i % 2 == 0 ? a : b, user, images[i % images.Length])));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new InvalidOperationException($"{ex.Message}\nnode A:\n{nodeA.Output}\nnode B:\n{nodeB.Output}", ex);
        }

        var fromA = await PhotoAsync(a, user);
        var fromB = await PhotoAsync(b, user);
        Assert.Equal(fromA.ETag, fromB.ETag);
        Assert.Equal(fromA.Largest, fromB.Largest);
        Assert.Contains(fromA.ETag, acknowledged);
        // The ladders of the four uploads: shorter sides of 100, 250, 400 and 130 px.
        Assert.Contains(fromA.Sizes, new[] { 3, 5, 6, 4 });
    }

    [Fact]
    public async Task KillingANodeMidUploadLeavesTheOtherServingAConsistentPhoto()
    {
        var token = await TokenFromAsync(nodeA);
        using var b = Client(nodeB, token);
        var user = await CreateUserAsync(b);
        await PutAsync(b, user, TestImages.Jpeg(240, 250));
        var before = await PhotoAsync(b, user);

        // Half of a large upload reaches node A, then A dies.
        using var large = TestImages.Gradient(2400, 2000);
        var body = large.JpegsaveBuffer(q: 100);
        using (var socket = new TcpClient())
        {
            await socket.ConnectAsync(nodeA.Address.Host, nodeA.Address.Port);
            var stream = socket.GetStream();
            var head = $"PUT /v1.0/users/{user}/photo/$value HTTP/1.1\r\nHost: {nodeA.Address.Authority}\r\nAuthorization: Bearer {token}\r\n" +
                       $"Content-Type: image/jpeg\r\nContent-Length: {body.Length}\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            await stream.WriteAsync(body.AsMemory(0, body.Length / 2));
            await stream.FlushAsync();
            await Task.Delay(200);
            await nodeA.DisposeAsync(); // SIGKILL
        }

        var after = await PhotoAsync(b, user);
        Assert.Equal(before.ETag, after.ETag);
        Assert.Equal(before.Largest, after.Largest);
        nodeA = await StartNodeAsync("a-again");
    }
}
