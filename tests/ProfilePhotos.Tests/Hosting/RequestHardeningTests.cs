using System.Net;
using System.Net.Sockets;
using System.Text;
using ProfilePhotos.Tests.Infrastructure;

namespace ProfilePhotos.Tests.Hosting;

/// <summary>Abusive requests over a real socket: each a 4xx or a closed connection, never a 500.</summary>
public sealed class RequestHardeningTests(KestrelFixture service) : IClassFixture<KestrelFixture>
{
    /// <summary>
    /// Kestrel reuses a connection's request objects; the caller is kept as a request feature.
    /// Requests taking turns on one kept-alive connection must each be their own token's caller.
    /// </summary>
    [Fact]
    public async Task CallersNeverCarryOverBetweenRequestsOnOneConnection()
    {
        var alice = await service.Graph.CreateUserAsync();
        var bob = await service.Graph.CreateUserAsync();
        var tokens = new[] { (alice, await service.Graph.UserTokenAsync(alice, "User.Read")), (bob, await service.Graph.UserTokenAsync(bob, "User.Read")) };
        var connections = 0;
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1,
            ConnectCallback = async (context, cancellationToken) =>
            {
                Interlocked.Increment(ref connections);
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var http = new HttpClient(handler) { BaseAddress = service.ListeningAddress };

        for (var turn = 0; turn < 6; turn++)
        {
            var (user, token) = tokens[turn % 2];
            using var me = new HttpRequestMessage(HttpMethod.Get, "/v1.0/me");
            me.Headers.Authorization = new("Bearer", token);
            using var answer = await http.SendAsync(me);
            Assert.Equal(user.Id.ToString(), (await GraphAssert.OkJsonAsync(answer)).GetProperty("id").GetString());

            using var anonymous = await http.GetAsync("/v1.0/me");
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        Assert.Equal(1, connections);
    }

    [Fact]
    public async Task AClientTricklingAnUploadIsCutOffByTheMinimumDataRate()
    {
        using var upload = await RawPhotoUpload.StartAsync(service, 1_000_000);

        var started = DateTime.UtcNow;
        var answer = new StringBuilder();
        var buffer = new byte[4096];
        // One byte a second: far under Kestrel's minimum rate of 240 bytes a second after 5 seconds of grace.
        while (DateTime.UtcNow - started < TimeSpan.FromSeconds(30))
        {
            try
            {
                await upload.Stream.WriteAsync(new byte[] { 0xFF });
                await Task.Delay(1000);
                if (upload.Available > 0)
                {
                    var read = await upload.Stream.ReadAsync(buffer);
                    answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
                    break;
                }
            }
            catch (IOException)
            {
                break; // the server closed the connection
            }
        }

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30), "a trickling client was never cut off");
        Assert.DoesNotContain("HTTP/1.1 5", answer.ToString());
    }

    [Fact]
    public async Task OversizedHeadersAreRefusedAndAnOversizedTokenIsJustAnInvalidOne()
    {
        using var huge = new HttpRequestMessage(HttpMethod.Get, "/v1.0/users");
        huge.Headers.TryAddWithoutValidation("X-Padding", new string('a', 40_000));
        using var refused = await service.Graph.Http.SendAsync(huge);
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, refused.StatusCode);

        using var large = new HttpRequestMessage(HttpMethod.Get, "/v1.0/users");
        large.Headers.TryAddWithoutValidation("Authorization", "Bearer " + new string('x', 9000));
        using var invalid = await service.Graph.Http.SendAsync(large);
        await GraphAssert.ErrorAsync(invalid, HttpStatusCode.Unauthorized, "InvalidAuthenticationToken");
    }

    [Theory]
    [InlineData("/v1.0/users/..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/v1.0/users/%2E%2E/photo")]
    [InlineData("/v1.0/users/%00%01%1F/photo/$value")]
    [InlineData("/v1.0/users/%C3%BCn%C3%AFc%C3%B6de@contoso.com")]
    [InlineData("/v1.0/users/%F0%9F%98%80@contoso.com/photos/48x48")]
    [InlineData("/v1.0/groups/..%5C..%5Cwindows/photo")]
    [InlineData("/v1.0/me/contacts/%FF%FE/photo")]
    public async Task HostilePathsAreAnsweredWithA4xx(string path)
    {
        using var response = await service.Graph.SendAsync(HttpMethod.Get, path, await service.Graph.AppTokenAsync(TestApplication.AdminA));
        // Kestrel itself refuses some (a NUL in a path) before the pipeline, with an empty 400.
        Assert.InRange((int)response.StatusCode, 400, 499);
    }

    [Fact]
    public async Task AVeryLongIdIsA4xx()
    {
        using var response = await service.Graph.SendAsync(HttpMethod.Get, "/v1.0/users/" + new string('a', 6000) + "@contoso.com/photo", await service.Graph.AppTokenAsync(TestApplication.AdminA));
        Assert.InRange((int)response.StatusCode, 400, 499);
        using var tooLong = await service.Graph.SendAsync(HttpMethod.Get, "/v1.0/users/" + new string('a', 20_000), null);
        Assert.InRange((int)tooLong.StatusCode, 400, 499);
    }

    [Fact]
    public async Task AUnicodeUserPrincipalNameIsRefusedWithAMessage()
    {
        using var response = await service.Graph.SendAsync(HttpMethod.Post, "/v1.0/users", await service.Graph.AppTokenAsync(TestApplication.AdminA),
            GraphClient.NewUser("ünïcødé@contoso.com", displayName: "Ünïcødé", mailNickname: "unicode"));
        var error = await GraphAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "Request_BadRequest");
        Assert.Contains("userPrincipalName", error.GetProperty("message").GetString());
    }
}
