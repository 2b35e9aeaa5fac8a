using System.Net;
using System.Net.Http.Headers;
using ProfilePhotos.Tests.Infrastructure;

namespace ProfilePhotos.Tests.Photos;

public static class PhotoTestExtensions
{
    public static async Task<HttpResponseMessage> PutPhotoAsync(
        this GraphClient graph, string ownerPath, string token, byte[] bytes, string contentType = "application/octet-stream", HttpMethod? method = null, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Put, $"{ownerPath}/photo/$value") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await graph.Http.SendAsync(request);
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
}
