using ProfilePhotos.Tests.Infrastructure;
using ProfilePhotos.Tests.Infrastructure.Servers;

namespace ProfilePhotos.Tests.Hosting;

/// <summary>
/// Issue 21's interleaving, made deterministic: two nodes on one PostgreSQL database and one
/// Azurite container, each reaching the blob service through a relay that can hold its deletions.
/// One node replaces a photo, and its deletions of the old version are held on the way (a slow
/// link, a GC pause, a throttled account); meanwhile the other node stores the same picture for
/// another owner; then the held deletions land. The other owner's photo must stay whole, on both
/// nodes and after a restart. Both directions: A holds while B stores, and B while A stores.
/// </summary>
[Trait(Tier.Name, Tier.Slow)]
public sealed class LateDeletionTests : IAsyncLifetime
{
    private readonly ScratchDirectory directory = new();
    private readonly byte[] picture = TestImages.Jpeg(300, 310);
    private SharedStore store = null!;
    private BlobRelay relayA = null!;
    private BlobRelay relayB = null!;
    private ServiceProcess nodeA = null!;
    private ServiceProcess nodeB = null!;

    public async Task InitializeAsync()
    {
        store = await SharedStore.CreateAsync();
        (relayA, relayB) = (await BlobRelay.StartAsync(store.AzureBlob), await BlobRelay.StartAsync(store.AzureBlob));
        var (a, b) = (StartNodeAsync("a", relayA), StartNodeAsync("b", relayB));
        (nodeA, nodeB) = (await a, await b);
    }

    public async Task DisposeAsync()
    {
        await nodeA.DisposeAsync();
        await nodeB.DisposeAsync();
        await relayA.DisposeAsync();
        await relayB.DisposeAsync();
        directory.Dispose();
    }

    /// <summary>A node whose blob requests go through its relay; sizes are read from the store every time, never from memory.</summary>
    private Task<ServiceProcess> StartNodeAsync(string name, BlobRelay relay) =>
        ServiceProcess.StartAsync(directory.Subdirectory(name), ServiceProcess.Arguments(
            TestApplication.Settings(), store.Settings,
            [new("ConnectionStrings:AzureBlob", relay.ConnectionString), new("Identity:IssuerBaseUrl", "http://photos.example"), new("Photos:CachedRenditionMegabytes", "0")]));

    [Theory]
    [InlineData("A")]
    [InlineData("B")]
    public async Task DeletionsHeldBackOnOneNodeNeverRemoveWhatTheOtherNodeStoredMeanwhile(string slowNode)
    {
        var (releaser, claimer, relay) = slowNode == "A" ? (nodeA, nodeB, relayA) : (nodeB, nodeA, relayB);
        var token = await nodeA.Graph.AppTokenAsync(TestApplication.AdminA);
        var x = $"/v1.0/users/{(await nodeA.Graph.CreateUserAsync(token: token)).Id}";
        var y = $"/v1.0/users/{(await nodeA.Graph.CreateUserAsync(token: token)).Id}";
        await releaser.Graph.PutPhotoOkAsync(x, token, picture);

        relay.HoldDeletes();
        var replacing = releaser.Graph.PutPhotoOkAsync(x, token, TestImages.Png(200, 210));
        await relay.DeletionHeld.WaitAsync(TimeSpan.FromSeconds(30));
        var stored = await claimer.Graph.PutPhotoOkAsync(y, token, picture);
        await Task.Delay(TimeSpan.FromSeconds(1.8));
        relay.ReleaseDeletes();
        var replaced = await replacing;
        Assert.True(relay.Held > 0, "no deletion was held: the interleaving did not happen");

        foreach (var node in new[] { nodeA, nodeB })
        {
            Assert.Equal(stored, (await node.Graph.WholePhotoAsync(y, token)).ETag);
            Assert.Equal(replaced, (await node.Graph.WholePhotoAsync(x, token)).ETag);
        }

        // After a restart nothing is remembered: what the store holds is what is served.
        await releaser.DisposeAsync();
        var restarted = await StartNodeAsync($"{slowNode}-again", relay);
        (nodeA, nodeB) = slowNode == "A" ? (restarted, nodeB) : (nodeA, restarted);
        var again = await restarted.Graph.WholePhotoAsync(y, token);
        Assert.Equal(stored, again.ETag);
        Assert.Equal(5, again.Sizes.Count);
    }
}
