using System.Net;
using System.Net.Http.Headers;
using NetVips;

namespace ProfilePhotos.Tests.Infrastructure;

/// <summary>A photo through the API, as clients send and read it: one way for every test, in memory or over a socket.</summary>
public static class PhotoRequests
{
    /// <summary>Graph's sizes, smallest first; a photo has those not larger than its upload's shorter side.</summary>
    public static readonly int[] StandardSizes = [48, 64, 96, 120, 240, 360, 432, 504, 648];

    public static async Task<HttpResponseMessage> PutPhotoAsync(
        this GraphClient graph, string ownerPath, string token, byte[] bytes, string contentType = "application/octet-stream", HttpMethod? method = null, string? ifMatch = null,
        CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Put, $"{ownerPath}/photo/$value") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await graph.Http.SendAsync(request, cancellationToken);
    }

    /// <summary>GET of a $value the way the Graph SDK asks for it.</summary>
    public static async Task<HttpResponseMessage> GetValueAsync(this GraphClient graph, string path, string token, string accept = "application/octet-stream, application/json", string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        return await graph.Http.SendAsync(request);
    }

    public static async Task<string> PutPhotoOkAsync(this GraphClient graph, string ownerPath, string token, byte[] bytes)
    {
        using var response = await graph.PutPhotoAsync(ownerPath, token, bytes);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"PUT {ownerPath}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response.Headers.ETag!.ToString();
    }

    /// <summary>The photo as stored now: its ETag and the bytes of its largest size.</summary>
    public static async Task<(string ETag, byte[] Bytes)> CurrentPhotoAsync(this GraphClient graph, string ownerPath, string token)
    {
        using var response = await graph.GetValueAsync($"{ownerPath}/photo/$value", token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (response.Headers.ETag!.ToString(), await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>
    /// The whole photo as the service serves it now, checked: one ETag for every size, the sizes a
    /// prefix of Graph's ladder, each a square 3-band JPEG of its size that decodes, the largest
    /// the one <c>photo/$value</c> serves. No photo: a null ETag and no sizes.
    /// </summary>
    public static async Task<WholePhoto> WholePhotoAsync(this GraphClient graph, string ownerPath, string token)
    {
        using var list = await graph.SendAsync(HttpMethod.Get, $"{ownerPath}/photos", token);
        var sizes = (await GraphAssert.OkJsonAsync(list)).GetProperty("value").EnumerateArray().ToList();
        if (sizes.Count == 0)
        {
            return new WholePhoto(null, [], []);
        }

        var etag = Assert.Single(sizes.Select(s => s.GetProperty("@odata.mediaEtag").GetString()).Distinct())!;
        var ladder = sizes.Select(s => s.GetProperty("width").GetInt32()).ToList();
        Assert.Equal(StandardSizes[..ladder.Count], ladder);
        foreach (var size in ladder)
        {
            using var value = await graph.GetValueAsync($"{ownerPath}/photos/{size}x{size}/$value", token);
            Assert.True(value.StatusCode == HttpStatusCode.OK, $"{ownerPath} {size}x{size}: {(int)value.StatusCode} {await value.Content.ReadAsStringAsync()}");
            Assert.Equal(etag, value.Headers.ETag!.ToString());
            using var image = Image.NewFromBuffer(await value.Content.ReadAsByteArrayAsync());
            Assert.Equal((size, size, 3), (image.Width, image.Height, image.Bands));
        }

        using var largest = await graph.GetValueAsync($"{ownerPath}/photo/$value", token);
        Assert.Equal(HttpStatusCode.OK, largest.StatusCode);
        Assert.Equal(etag, largest.Headers.ETag!.ToString());
        var bytes = await largest.Content.ReadAsByteArrayAsync();
        using (var image = Image.NewFromBuffer(bytes))
        {
            Assert.Equal(ladder[^1], image.Width);
        }

        return new WholePhoto(etag, ladder, bytes);
    }
}

/// <summary>A photo read whole: its version tag (null when there is none), its sizes, the bytes of the largest.</summary>
public sealed record WholePhoto(string? ETag, IReadOnlyList<int> Sizes, byte[] Largest);
