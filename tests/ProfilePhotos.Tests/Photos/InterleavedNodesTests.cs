using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NetVips;
using ProfilePhotos.Graph;
using ProfilePhotos.Imaging;
using ProfilePhotos.Photos;
using ProfilePhotos.Principals.Users;
using ProfilePhotos.Storage;
using ProfilePhotos.Storage.Blobs;
using ProfilePhotos.Storage.Caching;
using ProfilePhotos.Storage.Sql;
using ProfilePhotos.Tests.Infrastructure;
using ProfilePhotos.Tests.Infrastructure.Servers;
using ProfilePhotos.Tests.Storage;

namespace ProfilePhotos.Tests.Photos;

/// <summary>
/// Two nodes on one database and one blob store, each behind its own slow link, putting,
/// replacing and deleting the same few pictures on the same few owners at random, while a
/// collector with no grace period at all runs without pause: whatever the interleaving, every
/// photo record ends with all its blobs present. Seeded, so a failure replays the same plan.
/// </summary>
public abstract class InterleavedNodesContract
{
    private static readonly Guid Tenant = Guid.NewGuid();
    private static readonly byte[][] Pictures = [TestImages.Jpeg(120, 130), TestImages.Png(100, 100), TestImages.WebP(250, 260)];
    private static readonly PhotoPipeline Pipeline = new(Options.Create(new ImagingOptions()));

    protected abstract Task<(SqlDatabase Database, IBlobStore Blobs)> BackendAsync();

    [Theory]
    [InlineData(20261204)]
    [InlineData(21)]
    [InlineData(4096)]
    public async Task RandomInterleavingsOnTwoSlowNodesLeaveEveryRecordWithAllItsBlobs(int seed)
    {
        var (database, shared) = await BackendAsync();
        var directory = new MetadataStores(database, new RecordCache(0));
        var owners = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var user = new UserRecord(Guid.NewGuid(), Tenant, $"n{Guid.NewGuid():N}@contoso.com", "Node", null, null, null, null, null, true, DateTimeOffset.UtcNow);
            await directory.Users.CreateAsync(user, "not-a-hash", CancellationToken.None);
            owners.Add(user.Id);
        }

        // Each node has its own stores over the shared database, as a process of its own would.
        var links = new[] { new SlowBlobStore(shared, seed, TimeSpan.FromMilliseconds(250)), new SlowBlobStore(shared, seed + 1, TimeSpan.FromMilliseconds(250)) };
        var nodes = links.Select(link =>
        {
            var photos = new MetadataStores(database, new RecordCache(0)).Photos;
            return (Photos: new PhotoService(photos, link, new RenditionBytes(link, Options.Create(new PhotoOptions { CachedRenditionMegabytes = 0 })), Pipeline, TimeProvider.System, NullLogger<PhotoService>.Instance),
                Collector: new BlobSweeper(photos, link, TimeProvider.System, NullLogger<BlobSweeper>.Instance));
        }).ToList();

        // And a collector with no grace period at all, running all along on the second node.
        using var stop = new CancellationTokenSource();
        var collecting = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await nodes[1].Collector.SweepAsync(TimeSpan.Zero, CancellationToken.None);
            }
        });

        var random = new Random(seed);
        var plan = Enumerable.Range(0, 8).Select(worker => (Node: nodes[worker % 2], Ops: Enumerable.Range(0, 12).Select(_ => (Kind: random.Next(10), Owner: owners[random.Next(owners.Count)], Picture: random.Next(Pictures.Length))).ToList())).ToList();
        var outcomes = await Task.WhenAll(plan.Select(worker => Task.Run(async () =>
        {
            var done = 0;
            foreach (var (kind, owner, picture) in worker.Ops)
            {
                var resolved = new ResolvedOwner(PhotoOwnerKind.User, Tenant, owner);
                try
                {
                    switch (kind)
                    {
                        case < 6:
                            await worker.Node.Photos.PutAsync(resolved, Pictures[picture], null, CancellationToken.None);
                            break;
                        case < 9:
                            await worker.Node.Photos.DeleteAsync(resolved, null, CancellationToken.None);
                            break;
                        default:
                            await worker.Node.Collector.SweepAsync(TimeSpan.Zero, CancellationToken.None);
                            break;
                    }

                    done++;
                }
                catch (GraphException answered) when (answered.Error.Status is 404 or 503)
                {
                    // No photo to delete; or an upload the graceless collector gave up twice.
                }
            }

            return done;
        })));

        await stop.CancelAsync();
        await collecting;
        Assert.True(outcomes.Sum() > 40, $"only {outcomes.Sum()} operations went through");
        Assert.True(links.Sum(l => l.DelayedDeletes) > 10, "the deletions were not held back: nothing was interleaved");
        var records = 0;
        foreach (var owner in owners)
        {
            if (await directory.Photos.GetAsync(Tenant, owner, CancellationToken.None) is not { } photo)
            {
                continue;
            }

            records++;
            foreach (var rendition in photo.Renditions)
            {
                await using var stream = await shared.OpenReadAsync(rendition.Blob, CancellationToken.None);
                Assert.True(stream is not null, $"seed {seed}: the {rendition.Size} px size of {owner}'s photo {photo.ETag} lost its blob");
                using var copy = new MemoryStream();
                await stream.CopyToAsync(copy);
                using var image = Image.NewFromBuffer(copy.ToArray());
                Assert.Equal(rendition.Size, image.Width);
            }
        }

        Assert.True(records > 0, "no owner kept a photo: the run proves nothing");
    }
}

public sealed class EmbeddedInterleavedNodesTests(EmbeddedStore embedded) : InterleavedNodesContract, IClassFixture<EmbeddedStore>
{
    protected override Task<(SqlDatabase Database, IBlobStore Blobs)> BackendAsync() =>
        Task.FromResult<(SqlDatabase, IBlobStore)>((embedded.Database, new FileBlobStore(Path.Combine(embedded.Directory, Guid.NewGuid().ToString("N")))));
}

[Trait(Tier.Name, Tier.Slow)]
public sealed class SharedInterleavedNodesTests(PostgresStore postgres) : InterleavedNodesContract, IClassFixture<PostgresStore>
{
    protected override async Task<(SqlDatabase Database, IBlobStore Blobs)> BackendAsync() =>
        (postgres.Database, new AzureBlobStore((await AzuriteServer.GetAsync()).ConnectionString, $"interleaved-{Guid.NewGuid():N}"));
}
