namespace ProfilePhotos.Tests.Infrastructure.Crashes;

/// <summary>
/// The writes to each owner's photo since it was last read, each stamped when it was sent and
/// when it was answered (one clock for all writers), and so which versions the photo may hold
/// after a kill. A write may have won unless an acknowledged write began after it was
/// acknowledged: then it was replaced. A write never answered may have won or not. The version
/// read before the writes remains possible only if none of them was acknowledged.
/// </summary>
public sealed class WriteLedger
{
    private readonly Dictionary<string, (string? Settled, List<Write> Writes)> owners = [];
    private long clock;

    /// <summary>Writes in flight at a kill whose version was found afterwards: cut after the record switched, before the answer.</summary>
    public int AppliedButUnanswered { get; private set; }

    public Write Begin(string owner, string tag)
    {
        var write = new Write(tag, Now());
        lock (owners)
        {
            (owners.TryGetValue(owner, out var entry) ? entry.Writes : (owners[owner] = (null, [])).Writes).Add(write);
        }

        return write;
    }

    public void Answer(Write write, bool acknowledged)
    {
        write.Acknowledged = acknowledged;
        write.Answered = Now();
    }

    /// <summary>A stamp on the writers' clock: what was sent before it, and what after.</summary>
    public long Now() => Interlocked.Increment(ref clock);

    /// <summary>
    /// After a kill at <paramref name="killedAt"/>, once every writer has stopped: writes sent
    /// later never reached a live node and count as refused; the number cut by the kill.
    /// </summary>
    public int CloseRound(long killedAt)
    {
        lock (owners)
        {
            var unanswered = owners.Values.SelectMany(o => o.Writes).Where(w => w.Answered is null).ToList();
            foreach (var late in unanswered.Where(w => w.Sent > killedAt))
            {
                Answer(late, acknowledged: false);
            }

            return unanswered.Count(w => w.Sent < killedAt);
        }
    }

    /// <summary>Checks the version read against what the writes allow; that version is then the one later writes start from.</summary>
    public void Settle(string owner, string? read, string when)
    {
        lock (owners)
        {
            var (settled, writes) = owners.TryGetValue(owner, out var entry) ? entry : (null, []);
            var acknowledged = writes.Where(w => w.Acknowledged).ToList();
            var inFlight = writes.Where(w => w.Answered is null).Select(w => w.Tag).ToHashSet();
            var allowed = writes
                .Where(w => w.Answered is null || (w.Acknowledged && !acknowledged.Any(later => later.Sent > w.Answered)))
                .Select(w => (string?)w.Tag)
                .ToHashSet();
            if (acknowledged.Count == 0)
            {
                allowed.Add(settled);
            }

            Assert.True(allowed.Contains(read),
                $"{when}: {owner} holds {read ?? "no photo"}, but only {string.Join(", ", allowed.Select(t => t ?? "no photo"))} may remain " +
                $"(before: {settled ?? "no photo"}; acknowledged: {string.Join(", ", acknowledged.Select(w => w.Tag))}; in flight: {string.Join(", ", inFlight)})");
            if (read is not null && read != settled && inFlight.Contains(read) && !acknowledged.Any(w => w.Tag == read))
            {
                AppliedButUnanswered++;
            }

            owners[owner] = (read, []);
        }
    }

    public sealed class Write(string tag, long sent)
    {
        public string Tag { get; } = tag;

        public long Sent { get; } = sent;

        public long? Answered { get; set; }

        public bool Acknowledged { get; set; }
    }
}
