using System.Net;
using System.Text;
using System.Text.Json;
using NetVips;
using ProfilePhotos.Tests.Infrastructure;

namespace ProfilePhotos.Tests.Graph;

public sealed class BatchTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    private GraphClient Graph => service.Graph;

    private async Task<(HttpStatusCode Status, JsonElement Body)> BatchAsync(string token, object batch)
    {
        using var response = await Graph.SendAsync(HttpMethod.Post, "/v1.0/$batch", token, batch);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    private static JsonElement Response(JsonElement batch, string id) =>
        batch.GetProperty("responses").EnumerateArray().Single(r => r.GetProperty("id").GetString() == id);

    [Fact]
    public async Task PhotosGoInAndComeOutAsBase64AndEachRequestIsAuthorizedOnItsOwn()
    {
        var user = await Graph.CreateUserAsync();
        var other = await Graph.CreateUserAsync();
        var token = await Graph.UserTokenAsync(user, "User.ReadWrite User.ReadBasic.All");
        var photo = Convert.ToBase64String(TestImages.Jpeg(120, 130));

        var (status, batch) = await BatchAsync(token, new
        {
            requests = new object[]
            {
                new { id = "put", method = "PUT", url = "/me/photo/$value", headers = new Dictionary<string, string> { ["Content-Type"] = "image/jpeg" }, body = photo },
                new { id = "meta", method = "GET", url = "/me/photo", dependsOn = new[] { "put" } },
                new { id = "bytes", method = "GET", url = "/me/photos/48x48/$value", dependsOn = new[] { "put" } },
                new { id = "theirs", method = "PUT", url = $"/users/{other.Id}/photo/$value", headers = new Dictionary<string, string> { ["Content-Type"] = "image/jpeg" }, body = photo },
                new { id = "after-theirs", method = "GET", url = $"users/{other.Id}", dependsOn = new[] { "theirs" } },
                new { id = "missing", method = "GET", url = "/users/nobody@contoso.com" },
            },
        });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(200, Response(batch, "put").GetProperty("status").GetInt32());
        var meta = Response(batch, "meta");
        Assert.Equal("120X120", meta.GetProperty("body").GetProperty("id").GetString());
        var bytes = Response(batch, "bytes");
        Assert.Equal("image/jpeg", bytes.GetProperty("headers").GetProperty("Content-Type").GetString());
        using (var image = Image.NewFromBuffer(Convert.FromBase64String(bytes.GetProperty("body").GetString()!)))
        {
            Assert.Equal(48, image.Width);
        }

        Assert.Equal(meta.GetProperty("body").GetProperty("@odata.mediaEtag").GetString(), bytes.GetProperty("headers").GetProperty("ETag").GetString());
        var theirs = Response(batch, "theirs");
        Assert.Equal(403, theirs.GetProperty("status").GetInt32());
        Assert.Equal("ErrorAccessDenied", theirs.GetProperty("body").GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(424, Response(batch, "after-theirs").GetProperty("status").GetInt32());
        Assert.Equal("Request_ResourceNotFound", Response(batch, "missing").GetProperty("body").GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task ErrorsTheBatchItselfGivesHaveTheSameEnvelopeAsEveryOtherError()
    {
        var token = await Graph.AppTokenAsync(TestApplication.AdminA);
        var (status, batch) = await BatchAsync(token, new
        {
            requests = new object[]
            {
                new { id = "missing", method = "GET", url = "/users/nobody@contoso.com" },
                new { id = "dependent", method = "GET", url = "/users", dependsOn = new[] { "missing" } },
                new { id = "elsewhere", method = "GET", url = "https://example.com/v2/users" },
            },
        });

        Assert.Equal(HttpStatusCode.OK, status);
        foreach (var (id, code) in new[] { ("missing", "Request_ResourceNotFound"), ("dependent", "FailedDependency"), ("elsewhere", "BadRequest") })
        {
            var error = Response(batch, id).GetProperty("body").GetProperty("error");
            Assert.Equal(code, error.GetProperty("code").GetString());
            Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
            var inner = error.GetProperty("innerError");
            Assert.True(Guid.TryParse(inner.GetProperty("request-id").GetString(), out _), $"{id}: {inner}");
            Assert.False(string.IsNullOrEmpty(inner.GetProperty("client-request-id").GetString()));
            Assert.True(DateTime.TryParse(inner.GetProperty("date").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
        }
    }

    [Fact]
    public async Task ABatchWithoutATokenAnswersEachRequestWithA401()
    {
        var (status, batch) = await BatchAsync(null!, new { requests = new[] { new { id = "1", method = "GET", url = "/users" } } });
        Assert.Equal(HttpStatusCode.OK, status);
        var item = Response(batch, "1");
        Assert.Equal(401, item.GetProperty("status").GetInt32());
        Assert.Equal("InvalidAuthenticationToken", item.GetProperty("body").GetProperty("error").GetProperty("code").GetString());
    }

    public static TheoryData<string> MalformedBatches => new()
    {
        """{"requests":[]}""",
        """{"requests":[{"id":"1","method":"GET"}]}""",
        """{"requests":[{"id":"1","method":"GET","url":"/users"},{"id":"1","method":"GET","url":"/users"}]}""",
        """{"requests":[{"id":"1","method":"GET","url":"/users","dependsOn":["2"]},{"id":"2","method":"GET","url":"/users"}]}""",
        """{"requests":"nope"}""",
        """not json""",
        "{\"requests\":[" + string.Join(",", Enumerable.Range(0, 21).Select(i => $"{{\"id\":\"{i}\",\"method\":\"GET\",\"url\":\"/users\"}}")) + "]}",
    };

    [Theory]
    [MemberData(nameof(MalformedBatches))]
    public async Task AMalformedBatchIsA400(string body)
    {
        using var response = await Graph.SendAsync(HttpMethod.Post, "/v1.0/$batch", await Graph.AppTokenAsync(TestApplication.AdminA),
            content: new StringContent(body, Encoding.UTF8, "application/json"));
        await GraphAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BadRequest");
    }

    [Fact]
    public async Task TwentyRequestsAreAllowed()
    {
        var requests = Enumerable.Range(0, 20).Select(i => new { id = i.ToString(System.Globalization.CultureInfo.InvariantCulture), method = "GET", url = "/users?$top=1" }).ToArray();
        var (status, batch) = await BatchAsync(await Graph.AppTokenAsync(TestApplication.AdminA), new { requests });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.All(batch.GetProperty("responses").EnumerateArray(), r => Assert.Equal(200, r.GetProperty("status").GetInt32()));
    }
}
