using System.Net;
using System.Net.Sockets;
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
        var user = await service.Graph.CreateUserAsync();
        var token = await service.Graph.AppTokenAsync(TestApplication.AdminA);
        var address = service.ListeningAddress!;
        var body = new byte[6 * 1024 * 1024];
        body[0] = 0xFF;
        body[1] = 0xD8;
        body[2] = 0xFF;

        using var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port);
        await using var stream = client.GetStream();
        var head = $"PUT /v1.0/users/{user.Id}/photo/$value HTTP/1.1\r\nHost: {address.Authority}\r\nAuthorization: Bearer {token}\r\n" +
                   $"Content-Type: application/octet-stream\r\nContent-Length: {body.Length}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(body); // all of it, before reading anything
        await stream.FlushAsync();

        var response = await ReadHeadAsync(stream);
        Assert.StartsWith("HTTP/1.1 413", response);
        Assert.Contains("RequestEntityTooLarge", response);

        // The connection survived: the next request on it is answered.
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET /healthz HTTP/1.1\r\nHost: {address.Authority}\r\n\r\n"));
        Assert.StartsWith("HTTP/1.1 200", await ReadHeadAsync(stream));
    }

    [Fact]
    public async Task ABodyDeclaredBeyondTheDiscardBoundIsRefusedAtOnceAndTheConnectionClosed()
    {
        var user = await service.Graph.CreateUserAsync();
        var token = await service.Graph.AppTokenAsync(TestApplication.AdminA);
        var address = service.ListeningAddress!;
        using var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port);
        await using var stream = client.GetStream();
        var head = $"PUT /v1.0/users/{user.Id}/photo/$value HTTP/1.1\r\nHost: {address.Authority}\r\nAuthorization: Bearer {token}\r\n" +
                   $"Content-Type: image/jpeg\r\nContent-Length: {100 * 1024 * 1024}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(new byte[64 * 1024]);

        // Answered without waiting for 100 MB that will never be read, and then the connection ends.
        var response = await ReadHeadAsync(stream);
        Assert.StartsWith("HTTP/1.1 413", response);
        Assert.Contains("Connection: close", response, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("RequestEntityTooLarge", response);

        using var photo = await service.Graph.SendAsync(HttpMethod.Get, $"/v1.0/users/{user.Id}/photo", token);
        Assert.Equal(HttpStatusCode.NotFound, photo.StatusCode);
    }

    /// <summary>Reads one response: the head, then exactly its Content-Length of body.</summary>
    private static async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var text = new StringBuilder();
        var buffer = new byte[1];
        while (!text.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(buffer) == 0)
            {
                throw new IOException($"Connection closed after: {text}");
            }

            text.Append((char)buffer[0]);
        }

        var head = text.ToString();
        var lengthLine = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        var length = lengthLine is null ? 0 : int.Parse(lengthLine.Split(':')[1].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var body = new byte[length];
        await stream.ReadExactlyAsync(body);
        return head + Encoding.UTF8.GetString(body);
    }
}
