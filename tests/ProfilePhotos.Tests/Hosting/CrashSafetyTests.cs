using ProfilePhotos.Tests.Infrastructure;
using ProfilePhotos.Tests.Infrastructure.Crashes;
using Xunit.Abstractions;

namespace ProfilePhotos.Tests.Hosting;

/// <summary>
/// The real service on its embedded store, killed with SIGKILL at random moments while it takes
/// concurrent uploads, 50 times, restarted each time: every photo is a whole old or new version,
/// nothing acknowledged is lost, and the start-up sweep leaves no orphan blob.
/// </summary>
[Trait(Tier.Name, Tier.Slow)]
public sealed class CrashSafetyTests(ITestOutputHelper output)
{
    private const int Kills = 50;

    [Fact]
    public async Task FiftyKillsMidUploadLoseNothingAcknowledgedAndLeaveNoMixedPhoto()
    {
        using var directory = new ScratchDirectory();
        var settings = ServiceProcess.Arguments(TestApplication.Settings());
        // Alone on its data, the service sweeps every orphan at start: none may be left.
        var loop = new KillLoop(new EmbeddedStoreContents(Path.Combine(directory.Path, "data")), startSweepsEveryOrphan: true, owners: 4, writers: 4, seed: 20261128)
        {
            // After the first acknowledgement or two of a round (a fresh process's first upload is
            // slow, and slower still on a busy machine), then up to 400 ms on.
            KillAt = new(Acknowledged: (1, 2), Milliseconds: (0, 400)),
            Log = output.WriteLine,
        };

        await loop.RunAsync(Kills, () => ServiceProcess.StartAsync(directory.Path, settings));

        output.WriteLine(loop.Summary(Kills));
        // The kills interrupted real work: writes were acknowledged before them and cut by them.
        Assert.True(loop.Acknowledged > Kills, $"{loop.Acknowledged} acknowledged writes");
        Assert.True(loop.Interrupted > Kills, $"{loop.Interrupted} interrupted writes");
        // Some kill fell in an upload's storage work (blobs written, record not switched or old blobs not released).
        Assert.True(loop.KillsLeavingOrphans > 0, "no kill left an orphan blob");
    }
}
