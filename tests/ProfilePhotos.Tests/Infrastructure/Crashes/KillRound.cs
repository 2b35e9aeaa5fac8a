using System.Diagnostics;
using System.Net;

namespace ProfilePhotos.Tests.Infrastructure.Crashes;

/// <summary>
/// One round of a kill loop: writers upload to one node, each to its owner's photo (writer w to
/// owner w modulo the owners), cycling through the pool, until the node is SIGKILLed at the
/// chosen moment. Every write goes through the ledger, stamped when sent and when answered.
/// </summary>
internal sealed class KillRound(UploadPool pool, WriteLedger ledger, IReadOnlyList<string> owners, int writers)
{
    private int acknowledged;

    public int Acknowledged => Volatile.Read(ref acknowledged);

    /// <summary>Writes in flight when the node was killed.</summary>
    public int Interrupted { get; private set; }

    /// <summary>
    /// Writes until <paramref name="acknowledgements"/> are acknowledged and <paramref name="milliseconds"/>
    /// more have passed, then kills the node; how many milliseconds after the writers' start the kill came.
    /// </summary>
    public async Task<int> RunAsync(ServiceProcess node, int round, int acknowledgements, int milliseconds)
    {
        var token = await node.Graph.AppTokenAsync(TestApplication.AdminA);
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var running = Enumerable.Range(0, writers).Select(w => Task.Run(() => WriteAsync(node.Graph, token, w, round, stop.Token))).ToList();
        while (Acknowledged < acknowledgements)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1), $"{acknowledgements} writes were not acknowledged within a minute:\n{node.Output}");
            await Task.Delay(5);
        }

        await Task.Delay(milliseconds);
        var killAfter = (int)clock.ElapsedMilliseconds;
        await node.KillAsync();
        var killedAt = ledger.Now();
        await stop.CancelAsync();
        await Task.WhenAll(running);
        Interrupted = ledger.CloseRound(killedAt);
        return killAfter;
    }

    private async Task WriteAsync(GraphClient graph, string token, int writer, int round, CancellationToken stop)
    {
        var owner = owners[writer % owners.Count];
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
