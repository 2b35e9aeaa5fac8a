using ProfilePhotos.Tests.Infrastructure;
using ProfilePhotos.Tests.Infrastructure.Crashes;
using ProfilePhotos.Tests.Infrastructure.Servers;
using Xunit.Abstractions;

namespace ProfilePhotos.Tests.Hosting;

/// <summary>
/// The crash test of <see cref="CrashSafetyTests"/> on the store of several nodes: one node on
/// PostgreSQL and Azure Blob Storage (Azurite), killed with SIGKILL while it takes concurrent
/// uploads, restarted each time: every photo a whole old or new version, nothing acknowledged
/// lost, every blob a record names present, and the orphans the kills left collected by the
/// start-up sweep.
/// </summary>
[Trait(Tier.Name, Tier.Slow)]
public sealed class SharedStoreCrashSafetyTests(ITestOutputHelper output)
{
    /// <summary>
    /// A round costs 5 to 8 s on 2 cores shared with other work (a start on PostgreSQL alone
    /// takes 2 to 3 s, the first upload of a fresh process about 1.5 s), so 8 kills keep this
    /// test near a minute.
    /// </summary>
    private const int Kills = 8;

    [Fact]
    public async Task EightKillsMidUploadOnPostgresAndAzureBlobLoseNothingAcknowledgedAndLeaveNoMixedPhoto()
    {
        using var directory = new ScratchDirectory();
        var store = await SharedStore.CreateAsync();
        // The only node on this store: no upload can be in flight elsewhere while it starts, so
        // its start-up sweep may take every orphan at once, as the embedded store's does.
        var settings = ServiceProcess.Arguments(TestApplication.Settings(), store.Settings, [new("Storage:SweepGracePeriod", "00:00:00")]);
        var loop = new KillLoop(new SharedStoreContents(store), startSweepsEveryOrphan: true, owners: 4, writers: 6, seed: 20261205)
        {
            KillAt = new(Acknowledged: (1, 3), Milliseconds: (0, 600)),
            Log = output.WriteLine,
        };

        await loop.RunAsync(Kills, () => ServiceProcess.StartAsync(directory.Path, settings));

        output.WriteLine(loop.Summary(Kills));
        Assert.True(loop.Interrupted >= Kills, $"{loop.Interrupted} interrupted writes");
        // Some kill fell in an upload's storage work (blobs written, record not switched or old blobs not released).
        Assert.True(loop.KillsLeavingOrphans > 0, "no kill left an orphan blob");
    }
}
