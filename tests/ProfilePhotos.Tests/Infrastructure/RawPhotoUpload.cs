using System.Net.Sockets;
using System.Text;

namespace ProfilePhotos.Tests.Infrastructure;

/// <summary>
/// A photo PUT for a new user over a bare socket, its head sent and its body left to the test:
/// what only a client in control of every byte (and of its timing) can send.
/// </summary>
public sealed class RawPhotoUpload : IDisposable
{
    private readonly TcpClient client;

    private RawPhotoUpload(TcpClient client, TestUser user, string token, Uri address) =>
        (this.client, User, Token, Address) = (client, user, token, address);

    public TestUser User { get; }

    public string Token { get; }

    public Uri Address { get; }

    public NetworkStream Stream => client.GetStream();

    /// <summary>Bytes the server has sent that are not read yet.</summary>
    public int Available => client.Available;

    public static async Task<RawPhotoUpload> StartAsync(KestrelFixture service, long contentLength, string contentType = "image/jpeg")
    {
        var user = await service.Graph.CreateUserAsync();
        var token = await service.Graph.AppTokenAsync(TestApplication.AdminA);
        var address = service.ListeningAddress!;
        var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port);
        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(
            $"PUT /v1.0/users/{user.Id}/photo/$value HTTP/1.1\r\nHost: {address.Authority}\r\nAuthorization: Bearer {token}\r\n" +
            $"Content-Type: {contentType}\r\nContent-Length: {contentLength}\r\n\r\n"));
        return new RawPhotoUpload(client, user, token, address);
    }

    /// <summary>Reads one response: the head, then exactly its Content-Length of body.</summary>
    public async Task<string> ReadResponseAsync()
    {
        var text = new StringBuilder();
        var buffer = new byte[1];
        while (!text.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await Stream.ReadAsync(buffer) == 0)
            {
                throw new IOException($"Connection closed after: {text}");
            }

            text.Append((char)buffer[0]);
        }

        var head = text.ToString();
        var lengthLine = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        var length = lengthLine is null ? 0 : int.Parse(lengthLine.Split(':')[1].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var body = new byte[length];
        await Stream.ReadExactlyAsync(body);
        return head + Encoding.UTF8.GetString(body);
    }

    public void Dispose() => client.Dispose();
}
