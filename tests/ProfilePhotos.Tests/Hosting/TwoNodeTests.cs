using System.Net;
using ProfilePhotos.Tests.Infrastructure;
using ProfilePhotos.Tests.Infrastructure.Crashes;
using ProfilePhotos.Tests.Infrastructure.Servers;
using Xunit.Abstractions;

namespace ProfilePhotos.Tests.Hosting;

/// <summary>
/// Two service processes on different ports over one PostgreSQL database and one Azurite
/// container, as behind a load balancer: what one node does, the other sees at once.
/// </summary>
[Trait(Tier.Name, Tier.Slow)]
public sealed class TwoNodeTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Kills = 5;
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
    public async Task ASignInOnOneNodeHoldsOnTheOtherAndItsCodeRedeemsThere()
    {
        var token = await nodeA.Graph.AppTokenAsync(TestApplication.AdminA);
        var user = await nodeA.Graph.CreateUserAsync(token: token);
        var (verifier, challenge) = Identity.SignIn.SignInBrowser.Pkce();
        using var onA = new Identity.SignIn.SignInBrowser(nodeA.Address);
        using var page = await onA.GetAsync(Identity.SignIn.SignInBrowser.AuthorizeUrl(TestApplication.SpaA, "http://localhost:3000/", challenge));
        using var signedIn = await onA.SignInAsync(page, user.UserPrincipalName, user.Password);
        var code = (await Identity.SignIn.SignInBrowser.AnswerAsync(signedIn))["code"];

        // The same browser (cookies go by host) at node B: the session, its cookie's keys and the code are in the store.
        using var onB = new Identity.SignIn.SignInBrowser(nodeB.Address);
        onB.Adopt(onA);
        using var silent = await onB.GetAsync(Identity.SignIn.SignInBrowser.AuthorizeUrl(TestApplication.SpaA, "http://localhost:3000/", challenge, extra: "prompt=none"));
        Assert.True((await Identity.SignIn.SignInBrowser.AnswerAsync(silent)).ContainsKey("code"), "node B did not see node A's session");
        using var redeemed = await nodeB.Graph.RequestTokenAsync(TestApplication.TenantA.ToString(), new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = TestApplication.SpaA.ClientId, ["code"] = code,
            ["redirect_uri"] = "http://localhost:3000/", ["code_verifier"] = verifier,
        });
        Assert.Equal(HttpStatusCode.OK, redeemed.StatusCode);
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

    /// <summary>
    /// Node A takes complete uploads from five writers at once, on three photos (two writers share
    /// one), and is killed at random moments while it processes and stores them, five times, and
    /// restarted: node B, which never stopped, and then the restarted A serve every photo as a
    /// whole version, none older than the last acknowledged, and no record names a missing blob.
    /// </summary>
    [Fact]
    public async Task KillingANodeWhileItWritesLeavesBothNodesServingWholeAcknowledgedVersions()
    {
        var loop = new KillLoop(new SharedStoreContents(store), startSweepsEveryOrphan: false, owners: 3, writers: 5, seed: 20261204)
        {
            KillAt = new(Acknowledged: (1, 3), Milliseconds: (0, 1000)),
            Log = output.WriteLine,
        };
        var restarts = 0;
        await loop.RunAsync(
            Kills,
            start: async () => restarts++ == 0 ? nodeA : nodeA = await StartNodeAsync("a"),
            afterKill: when => loop.CheckAsync(nodeB.Graph, $"{when}, on node B"));

        output.WriteLine(loop.Summary(Kills));
        Assert.True(loop.Acknowledged > Kills, $"{loop.Acknowledged} acknowledged writes");
        Assert.True(loop.Interrupted >= Kills, $"{loop.Interrupted} interrupted writes");
        Assert.True(loop.KillsLeavingOrphans > 0, "no kill fell in an upload's storage work");
    }
}
