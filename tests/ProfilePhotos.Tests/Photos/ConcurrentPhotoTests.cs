using System.Collections.Concurrent;
using System.Net;
using NetVips;
using ProfilePhotos.Tests.Infrastructure;

namespace ProfilePhotos.Tests.Photos;

public sealed class ConcurrentPhotoTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    private GraphClient Graph => service.Graph;

    /// <summary>64 writers at once, on one photo and on 64 photos, with readers: no 5xx, whole versions only.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(64)]
    public async Task SixtyFourConcurrentWritersWithReadersLeaveWholeAcknowledgedVersions(int photos)
    {
        var token = await Graph.AppTokenAsync(TestApplication.AdminA);
        var owners = new List<string>();
        for (var i = 0; i < photos; i++)
        {
            owners.Add($"/v1.0/users/{(await Graph.CreateUserAsync()).Id}");
        }

        byte[][] uploads = [TestImages.Jpeg(60, 70), TestImages.Png(100, 110), TestImages.Jpeg(130, 140)];
        var acknowledged = new ConcurrentDictionary<string, ConcurrentBag<string>>();
        var failures = new ConcurrentBag<string>();
        using var start = new SemaphoreSlim(0);
        var writers = Enumerable.Range(0, 64).Select(w => Task.Run(async () =>
        {
            await start.WaitAsync();
            var owner = owners[w % owners.Count];
            using var response = await Graph.PutPhotoAsync(owner, token, uploads[w % uploads.Length]);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                acknowledged.GetOrAdd(owner, _ => []).Add(response.Headers.ETag!.ToString());
            }
            else
            {
                failures.Add($"PUT {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }));
        var readers = Enumerable.Range(0, 16).Select(r => Task.Run(async () =>
        {
            await start.WaitAsync();
            for (var i = 0; i < 8; i++)
            {
                using var response = await Graph.GetValueAsync($"{owners[(r + i) % owners.Count]}/photos/48x48/$value", token);
                if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.NotFound))
                {
                    failures.Add($"GET {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
        }));
        var all = writers.Concat(readers).ToList();
        start.Release(64 + 16);
        await Task.WhenAll(all);

        Assert.Empty(failures);
        foreach (var owner in owners)
        {
            using var list = await Graph.SendAsync(HttpMethod.Get, $"{owner}/photos", token);
            var sizes = (await GraphAssert.OkJsonAsync(list)).GetProperty("value").EnumerateArray().ToList();
            var tag = Assert.Single(sizes.Select(s => s.GetProperty("@odata.mediaEtag").GetString()).Distinct());
            Assert.Contains(tag, acknowledged[owner]);
            Assert.Contains(sizes.Count, new[] { 1, 3, 4 });
        }
    }

    [Fact]
    public async Task ConcurrentWritersAndReadersOfOnePhotoSeeWholeVersionsAndNoErrors()
    {
        var token = await Graph.AppTokenAsync(TestApplication.AdminA);
        var user = await Graph.CreateUserAsync();
        var owner = $"/v1.0/users/{user.Id}";
        // Uploads told apart by their size ladder: a shorter side of 100 px gives 3 sizes, 250 gives 5, 400 gives 6.
        byte[][] uploads = [TestImages.Jpeg(100, 130), TestImages.Png(250, 260), TestImages.Jpeg(400, 410), TestImages.WebP(130, 100)];
        await Graph.PutPhotoOkAsync(owner, token, uploads[0]);

        var acknowledged = new ConcurrentBag<string>();
        var failures = new ConcurrentBag<string>();
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 6; i++)
            {
                using var response = await Graph.PutPhotoAsync(owner, token, uploads[(w + i) % uploads.Length]);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    acknowledged.Add(response.Headers.ETag!.ToString());
                }
                else
                {
                    failures.Add($"PUT {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
        }));
        var readers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 15; i++)
            {
                using var response = await Graph.GetValueAsync($"{owner}/photos/48x48/$value", token);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.Add($"GET {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    continue;
                }

                using var image = Image.NewFromBuffer(await response.Content.ReadAsByteArrayAsync());
                if (image.Width != 48)
                {
                    failures.Add($"GET gave a {image.Width} px image");
                }
            }
        }));
        await Task.WhenAll(writers.Concat(readers));

        Assert.Empty(failures);
        using var list = await Graph.SendAsync(HttpMethod.Get, $"{owner}/photos", token);
        var sizes = (await GraphAssert.OkJsonAsync(list)).GetProperty("value").EnumerateArray().ToList();
        var finalTag = sizes[0].GetProperty("@odata.mediaEtag").GetString();
        Assert.Contains(finalTag, acknowledged);
        Assert.All(sizes, s => Assert.Equal(finalTag, s.GetProperty("@odata.mediaEtag").GetString()));
        Assert.Contains(sizes.Count, new[] { 3, 5, 6 });
        var largest = sizes[^1].GetProperty("width").GetInt32();
        using var value = await Graph.GetValueAsync($"{owner}/photo/$value", token);
        Assert.Equal(finalTag, value.Headers.ETag!.ToString());
        using var decoded = Image.NewFromBuffer(await value.Content.ReadAsByteArrayAsync());
        Assert.Equal(largest, decoded.Width);
    }
}
