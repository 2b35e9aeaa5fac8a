using System.Net;
using System.Text;
using ProfilePhotos.Tests.Infrastructure;

namespace ProfilePhotos.Tests.Photos;

/// <summary>
/// Over a real socket, as the SDKs send: the whole body at once, no <c>Expect: 100-continue</c>.
/// The client must read a 413 rather than a reset connection.
/// </summary>
public sealed class UploadOverKestrelTests(KestrelFixture service) : IClassFixture<KestrelFixture>
{
    [Fact]
    public async Task AClientSendingAnOversizedBodyWholeReceivesThe413()
    {
        var body = new byte[6 * 1024 * 1024];
        body[0] = 0xFF;
        body[1] = 0xD8;
        body[2] = 0xFF;
        using var upload = await RawPhotoUpload.StartAsync(service, body.Length, "application/octet-stream");
        await upload.Stream.WriteAsync(body); // all of it, before reading anything
        await upload.Stream.FlushAsync();

        var response = await upload.ReadResponseAsync();
        Assert.StartsWith("HTTP/1.1 413", response);
        Assert.Contains("RequestEntityTooLarge", response);

        // The connection survived: the next request on it is answered.
        await upload.Stream.WriteAsync(Encoding.ASCII.GetBytes($"GET /healthz HTTP/1.1\r\nHost: {upload.Address.Authority}\r\n\r\n"));
        Assert.StartsWith("HTTP/1.1 200", await upload.ReadResponseAsync());
    }

    [Fact]
    public async Task ABodyDeclaredBeyondTheDiscardBoundIsRefusedAtOnceAndTheConnectionClosed()
    {
        using var upload = await RawPhotoUpload.StartAsync(service, 100 * 1024 * 1024);
        await upload.Stream.WriteAsync(new byte[64 * 1024]);

        // Answered without waiting for 100 MB that will never be read, and then the connection ends.
        var response = await upload.ReadResponseAsync();
        Assert.StartsWith("HTTP/1.1 413", response);
        Assert.Contains("Connection: close", response, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("RequestEntityTooLarge", response);

        using var photo = await service.Graph.SendAsync(HttpMethod.Get, $"/v1.0/users/{upload.User.Id}/photo", upload.Token);
        Assert.Equal(HttpStatusCode.NotFound, photo.StatusCode);
    }
}
