using System.Diagnostics;

namespace ProfilePhotos.Tests.Infrastructure.Crashes;

/// <summary>
/// The crash test's loop, for any store: start a node; check every owner's photo is a whole
/// version the writes allow and every blob a record names is stored (and, where the start-up
/// sweep may take every orphan, that none is left); then upload concurrently from several
/// writers (more writers than owners puts two on one photo) and SIGKILL the node at a random
/// moment (a fixed seed); count the orphans it left; start it again. Black-box throughout: HTTP,
/// the process, and the store read from outside.
/// </summary>
public sealed class KillLoop(IStoreContents store, bool startSweepsEveryOrphan, int owners, int writers, int seed)
{
    private readonly UploadPool pool = new();
    private readonly WriteLedger ledger = new();
    private readonly Random random = new(seed);
    private readonly List<string> ownerPaths = [];

    /// <summary>When in a round the kill comes.</summary>
    public required KillMoment KillAt { get; init; }

    /// <summary>Where a line per round goes: when the kill came, what it cut, how long each step took.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Writes answered 200 during the rounds.</summary>
    public int Acknowledged { get; private set; }

    /// <summary>Writes in flight when their node was killed.</summary>
    public int Interrupted { get; private set; }

    /// <summary>
    /// Kills after which the store held blobs no record named that were not orphans before the
    /// round: the kill fell in an upload's storage work, after its blobs were written and before
    /// its switch, or after its switch and before the previous version's blobs were released.
    /// </summary>
    public int KillsLeavingOrphans { get; private set; }

    public int AppliedButUnanswered => ledger.AppliedButUnanswered;

    public string Summary(int kills) =>
        $"{kills} kills, {writers} concurrent writers on {owners} photos: {Acknowledged} writes acknowledged, {Interrupted} cut by a kill " +
        $"({AppliedButUnanswered} of those found applied though never answered); {KillsLeavingOrphans} kills left blobs no record named (cut in storage work). " +
        "Nothing acknowledged lost, no mixed photo, no record naming a missing blob.";

    /// <summary>
    /// Runs <paramref name="kills"/> rounds on the nodes <paramref name="start"/> gives, disposing
    /// each; <paramref name="afterKill"/> may check other nodes while this one is down.
    /// </summary>
    public async Task RunAsync(int kills, Func<Task<ServiceProcess>> start, Func<string, Task>? afterKill = null)
    {
        for (var round = 0; ; round++)
        {
            var clock = Stopwatch.StartNew();
            var node = await start();
            var started = clock.Elapsed;
            await using (node)
            {
                if (round == 0)
                {
                    await PrepareAsync(node.Graph);
                }

                var when = $"after kill {round} of {kills}";
                await CheckAsync(node.Graph, $"{when}, restarted");
                await store.AssertEveryReferencedBlobIsStoredAsync(when);
                if (startSweepsEveryOrphan)
                {
                    var orphans = await store.OrphansAsync();
                    Assert.True(orphans.Count == 0, $"{when}: the start-up sweep left {string.Join(", ", orphans)}");
                }

                if (round == kills)
                {
                    return;
                }

                var orphansBefore = (await store.OrphansAsync()).ToHashSet();
                var checkedAt = clock.Elapsed;
                var writes = new KillRound(pool, ledger, ownerPaths, writers);
                var killAfter = await writes.RunAsync(node, round,
                    random.Next(KillAt.Acknowledged.Least, KillAt.Acknowledged.Most + 1), random.Next(KillAt.Milliseconds.Least, KillAt.Milliseconds.Most + 1));
                (Acknowledged, Interrupted) = (Acknowledged + writes.Acknowledged, Interrupted + writes.Interrupted);
                var left = (await store.OrphansAsync()).Count(b => !orphansBefore.Contains(b));
                KillsLeavingOrphans += left > 0 ? 1 : 0;
                if (afterKill is not null)
                {
                    await afterKill($"after kill {round + 1} of {kills}");
                }

                Log?.Invoke($"kill {round + 1} at {killAfter} ms: {writes.Acknowledged} acknowledged, {writes.Interrupted} cut, " +
                    $"{left} new orphan blobs; start {started.TotalSeconds:0.0} s, checks {(checkedAt - started).TotalSeconds:0.0} s, round {clock.Elapsed.TotalSeconds:0.0} s");
            }
        }
    }

    /// <summary>Every owner's photo, as this node serves it, is whole and a version the writes allow.</summary>
    public async Task CheckAsync(GraphClient graph, string when)
    {
        var token = await graph.AppTokenAsync(TestApplication.AdminA);
        foreach (var owner in ownerPaths)
        {
            var photo = await graph.WholePhotoAsync(owner, token);
            ledger.Settle(owner, photo.ETag, when);
            if (photo.ETag is not null)
            {
                Assert.Equal(pool.LadderOf(photo.ETag), photo.Sizes);
            }
        }
    }

    private async Task PrepareAsync(GraphClient graph)
    {
        var token = await graph.AppTokenAsync(TestApplication.AdminA);
        await pool.LearnTagsAsync(graph, token);
        for (var i = 0; i < owners; i++)
        {
            var owner = $"/v1.0/users/{(await graph.CreateUserAsync(token: token)).Id}";
            ownerPaths.Add(owner);
            ledger.Answer(ledger.Begin(owner, await graph.PutPhotoOkAsync(owner, token, pool[i % pool.Count])), acknowledged: true);
        }
    }
}
