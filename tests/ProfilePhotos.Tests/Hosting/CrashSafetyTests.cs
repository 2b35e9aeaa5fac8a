using System.Collections.Concurrent;
using System.Net;
using Microsoft.Data.Sqlite;
using ProfilePhotos.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ProfilePhotos.Tests.Hosting;

/// <summary>
/// The real service killed with SIGKILL at random moments while it takes concurrent uploads, 50
/// times, restarted each time: every photo is a whole old or new version, nothing acknowledged
/// is lost, and the start-up sweep leaves no orphan blob.
/// </summary>
[Trait(Tier.Name, Tier.Slow)]
public sealed class CrashSafetyTests(ITestOutputHelper output) : IDisposable
{
    private const int Kills = 50;
    private const int Owners = 4;
    private readonly ScratchDirectory directory = new();
    private readonly string[] settings = ServiceProcess.Arguments(TestApplication.Settings());

    public void Dispose() => directory.Dispose();

    [Fact]
    public async Task FiftyKillsMidUploadLoseNothingAcknowledgedAndLeaveNoMixedPhoto()
    {
        // Uploads told apart by their size ladder.
        byte[][] pool = [TestImages.Jpeg(100, 110), TestImages.Png(130, 150), TestImages.Jpeg(250, 260), TestImages.WebP(370, 380), TestImages.Jpeg(440, 450), TestImages.Png(520, 530)];
        var random = new Random(20261128);
        var owners = new List<string>();
        var lastAcknowledged = new Dictionary<string, string?>();
        var lastSent = new Dictionary<string, int>();
        var poolTags = new string[pool.Length];

        for (var kill = 0; kill <= Kills; kill++)
        {
            await using var service = await ServiceProcess.StartAsync(directory.Path, settings);
            var graph = service.Graph;
            var token = await graph.AppTokenAsync(TestApplication.AdminA);
            if (owners.Count == 0)
            {
                // Learn the version tag of every upload of the pool (the pipeline is deterministic).
                var scratch = $"/v1.0/users/{(await graph.CreateUserAsync()).Id}";
                for (var i = 0; i < pool.Length; i++)
                {
                    poolTags[i] = await graph.PutPhotoOkAsync(scratch, token, pool[i]);
                }

                for (var i = 0; i < Owners; i++)
                {
                    var id = $"/v1.0/users/{(await graph.CreateUserAsync()).Id}";
                    owners.Add(id);
                    lastAcknowledged[id] = null;
                    lastSent[id] = -1;
                }
            }

            // After the restart: whole versions, nothing acknowledged lost, no orphans.
            foreach (var owner in owners)
            {
                var current = (await graph.WholePhotoAsync(owner, token)).ETag;
                var inFlight = lastSent[owner] >= 0 ? poolTags[lastSent[owner]] : null;
                Assert.True(current == lastAcknowledged[owner] || current == inFlight,
                    $"after kill {kill}: {owner} has {current}; acknowledged {lastAcknowledged[owner]}, in flight {inFlight}");
                lastAcknowledged[owner] = current;
            }

            AssertNoOrphanBlobs(kill);
            if (kill == Kills)
            {
                break;
            }

            // Concurrent uploads to every owner, then SIGKILL at a random moment.
            using var stop = new CancellationTokenSource();
            var acknowledgedNow = new ConcurrentDictionary<string, string>();
            var sentNow = new ConcurrentDictionary<string, int>();
            var uploaders = owners.Select((owner, ownerIndex) => Task.Run(async () =>
            {
                var attempt = kill;
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        var index = (ownerIndex + attempt++) % pool.Length;
                        sentNow[owner] = index;
                        using var response = await graph.PutPhotoAsync(owner, token, pool[index], cancellationToken: stop.Token);
                        Assert.True((int)response.StatusCode < 500, $"a {(int)response.StatusCode} before the kill");
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            acknowledgedNow[owner] = response.Headers.ETag!.ToString();
                            sentNow.TryRemove(owner, out _);
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
                    {
                        return; // the service died under this request: it was in flight, not acknowledged
                    }
                }
            })).ToList();
            await Task.Delay(random.Next(30, 400));
            await service.KillAsync();
            await stop.CancelAsync();
            await Task.WhenAll(uploaders);
            foreach (var owner in owners)
            {
                lastAcknowledged[owner] = acknowledgedNow.TryGetValue(owner, out var etag) ? etag : lastAcknowledged[owner];
                lastSent[owner] = sentNow.TryGetValue(owner, out var index) ? index : -1;
            }

            acknowledgedWrites += acknowledgedNow.Count;
            interrupted += sentNow.Count;
        }

        output.WriteLine($"{Kills} kills, {Owners} concurrent writers: {acknowledgedWrites} writes acknowledged, {interrupted} cut by a kill; nothing acknowledged lost, no mixed photo, no orphan blob.");
        // The kills interrupted real work: writes were acknowledged before them and cut by them.
        Assert.True(acknowledgedWrites > Kills, $"{acknowledgedWrites} acknowledged writes");
        Assert.True(interrupted > Kills, $"{interrupted} interrupted writes");
    }

    private int acknowledgedWrites;
    private int interrupted;

    private void AssertNoOrphanBlobs(int kill)
    {
        var data = Path.Combine(directory.Path, "data");
        using var db = new SqliteConnection($"Data Source={Path.Combine(data, "profilephotos.db")};Mode=ReadOnly;Pooling=False");
        db.Open();
        using var query = db.CreateCommand();
        query.CommandText = "SELECT DISTINCT blob FROM photo_renditions";
        var referenced = new HashSet<string>();
        using (var reader = query.ExecuteReader())
        {
            while (reader.Read())
            {
                referenced.Add(reader.GetString(0));
            }
        }

        var files = Directory.Exists(Path.Combine(data, "blobs"))
            ? Directory.EnumerateFiles(Path.Combine(data, "blobs"), "*", SearchOption.AllDirectories).ToList()
            : [];
        Assert.All(files, f => Assert.True(referenced.Contains(Path.GetFileNameWithoutExtension(f)), $"after kill {kill}: orphan {Path.GetFileName(f)}"));
        Assert.All(referenced, r => Assert.Contains(files, f => Path.GetFileNameWithoutExtension(f) == r));
    }
}
