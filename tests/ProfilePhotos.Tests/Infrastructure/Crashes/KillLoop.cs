using System.Diagnostics;
using System.Net;

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
    private int acknowledged;

    /// <summary>When in a round the kill comes.</summary>
    public required KillMoment KillAt { get; init; }

    /// <summary>Where a line per round goes: when the kill came, what it cut, how long each step took.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Writes answered 200 during the rounds.</summary>
    public int Acknowledged => acknowledged;

    /// <summary>Writes in flight when their node was killed.</summary>
    public int Interrupted { get; private set; }

    /// <summary>Kills after which the store held blobs no record named: they fell between an upload's blob writes and its switch.</summary>
    public int KillsLeavingOrphans { get; private set; }

    public int AppliedButUnanswered => ledger.AppliedButUnanswered;

    public string Summary(int kills) =>
        $"{kills} kills, {writers} concurrent writers on {owners} photos: {Acknowledged} writes acknowledged, {Interrupted} cut by a kill " +
        $"({AppliedButUnanswered} of those found applied though never answered); {KillsLeavingOrphans} kills left blobs no record named. " +
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

                var checkedAt = clock.Elapsed;
                var (acknowledgedBefore, interruptedBefore) = (Acknowledged, Interrupted);
                var killAfter = await WriteUntilKilledAsync(node, round);
                var left = (await store.OrphansAsync()).Count;
                KillsLeavingOrphans += left > 0 ? 1 : 0;
                if (afterKill is not null)
                {
                    await afterKill($"after kill {round + 1} of {kills}");
                }

                Log?.Invoke($"kill {round + 1} at {killAfter} ms: {Acknowledged - acknowledgedBefore} acknowledged, {Interrupted - interruptedBefore} cut, " +
                    $"{left} orphan blobs; start {started.TotalSeconds:0.0} s, checks {(checkedAt - started).TotalSeconds:0.0} s, round {clock.Elapsed.TotalSeconds:0.0} s");
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

    /// <summary>Writers at work until the kill; how many milliseconds after their start it came.</summary>
    private async Task<int> WriteUntilKilledAsync(ServiceProcess node, int round)
    {
        var token = await node.Graph.AppTokenAsync(TestApplication.AdminA);
        var (waitFor, delay) = (random.Next(KillAt.Acknowledged.Least, KillAt.Acknowledged.Most + 1), random.Next(KillAt.Milliseconds.Least, KillAt.Milliseconds.Most + 1));
        var clock = Stopwatch.StartNew();
        var acknowledgedBefore = Acknowledged;
        using var stop = new CancellationTokenSource();
        var running = Enumerable.Range(0, writers).Select(w => Task.Run(() => WriteAsync(node.Graph, token, w, round, stop.Token))).ToList();
        while (Acknowledged - acknowledgedBefore < waitFor)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1), $"{waitFor} writes were not acknowledged within a minute:\n{node.Output}");
            await Task.Delay(5);
        }

        await Task.Delay(delay);
        var killAfter = (int)clock.ElapsedMilliseconds;
        await node.KillAsync();
        var killedAt = ledger.Now();
        await stop.CancelAsync();
        await Task.WhenAll(running);
        Interrupted += ledger.CloseRound(killedAt);
        return killAfter;
    }

    private async Task WriteAsync(GraphClient graph, string token, int writer, int round, CancellationToken stop)
    {
        var owner = ownerPaths[writer % ownerPaths.Count];
        for (var attempt = round; !stop.IsCancellationRequested; attempt++)
        {
            var index = (writer + attempt) % pool.Count;
            var write = ledger.Begin(owner, pool.TagOf(index));
            try
            {
                using var response = await graph.PutPhotoAsync(owner, token, pool[index], cancellationToken: stop);
                Assert.True((int)response.StatusCode < 500, $"a {(int)response.StatusCode} before the kill: {await response.Content.ReadAsStringAsync(CancellationToken.None)}");
                var ok = response.StatusCode == HttpStatusCode.OK;
                if (ok)
                {
                    Assert.Equal(write.Tag, response.Headers.ETag!.ToString());
                    Interlocked.Increment(ref acknowledged);
                }

                ledger.Answer(write, ok);
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
            {
                return; // the node died under this request, or before it: never answered
            }
        }
    }
}

/// <summary>
/// When the kill comes in a round: once the writers have had a number of acknowledgements drawn
/// between the two given (waiting for them puts the kill among writes under way, however slow
/// the machine is today), then after a number of milliseconds drawn between the two.
/// </summary>
public sealed record KillMoment((int Least, int Most) Acknowledged, (int Least, int Most) Milliseconds);
