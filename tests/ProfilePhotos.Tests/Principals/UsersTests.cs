using System.Net;
using System.Text;
using ProfilePhotos.Tests.Infrastructure;

namespace ProfilePhotos.Tests.Principals;

public sealed class UsersTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    private GraphClient Graph => service.Graph;

    [Fact]
    public async Task ACreatedUserIsReadBackByIdAndByPercentEncodedUserPrincipalName()
    {
        var token = await Graph.AppTokenAsync(TestApplication.AdminA);
        using var created = await Graph.SendAsync(HttpMethod.Post, "/v1.0/users", token, new Dictionary<string, object>
        {
            ["@odata.type"] = "#microsoft.graph.user",
            ["accountEnabled"] = true,
            ["displayName"] = "Adele Vance",
            ["mailNickname"] = "adele",
            ["userPrincipalName"] = "Adele.Vance@Contoso.com",
            ["givenName"] = "Adele",
            ["passwordProfile"] = new { forceChangePasswordNextSignIn = false, password = GraphClient.TestPassword },
        });
        var user = await GraphAssert.OkJsonAsync(created, HttpStatusCode.Created);
        var id = user.GetProperty("id").GetString()!;
        Assert.True(Guid.TryParse(id, out _));
        Assert.Equal("http://localhost/v1.0/$metadata#users/$entity", user.GetProperty("@odata.context").GetString());
        Assert.Equal("Adele", user.GetProperty("givenName").GetString());
        Assert.False(user.TryGetProperty("passwordProfile", out _));
        Assert.EndsWith($"/v1.0/users/{id}", created.Headers.Location!.ToString());

        using var byId = await Graph.SendAsync(HttpMethod.Get, $"/v1.0/users/{id}", token);
        Assert.Equal("Adele Vance", (await GraphAssert.OkJsonAsync(byId)).GetProperty("displayName").GetString());
        using var byUpn = await Graph.SendAsync(HttpMethod.Get, "/v1.0/users/adele.vance%40contoso.com", token);
        Assert.Equal(id, (await GraphAssert.OkJsonAsync(byUpn)).GetProperty("id").GetString());
    }

    [Fact]
    public async Task ListingPagesThroughEveryUserWithNextLinks()
    {
        var admin = TestApplication.AdminA;
        var created = new HashSet<Guid>();
        for (var i = 0; i < 5; i++)
        {
            created.Add((await Graph.CreateUserAsync(admin)).Id);
        }

        var token = await Graph.AppTokenAsync(admin);
        var seen = new HashSet<Guid>();
        var next = "/v1.0/users?$top=2";
        while (next is not null)
        {
            using var response = await Graph.SendAsync(HttpMethod.Get, next, token);
            var page = await GraphAssert.OkJsonAsync(response);
            Assert.Equal("http://localhost/v1.0/$metadata#users", page.GetProperty("@odata.context").GetString());
            Assert.InRange(page.GetProperty("value").GetArrayLength(), 1, 2);
            foreach (var user in page.GetProperty("value").EnumerateArray())
            {
                Assert.True(seen.Add(Guid.Parse(user.GetProperty("id").GetString()!)), "a user came twice");
            }

            next = page.TryGetProperty("@odata.nextLink", out var link) ? new Uri(link.GetString()!).PathAndQuery : null;
        }

        Assert.Subset(seen, created);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1000")]
    [InlineData("ten")]
    public async Task AnOutOfRangePageSizeIsABadRequest(string top)
    {
        using var response = await Graph.SendAsync(HttpMethod.Get, $"/v1.0/users?$top={top}", await Graph.AppTokenAsync(TestApplication.AdminA));
        await GraphAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "Request_BadRequest");
    }

    [Fact]
    public async Task ADeletedUserIsGone()
    {
        var user = await Graph.CreateUserAsync();
        var token = await Graph.AppTokenAsync(TestApplication.AdminA);
        using var deleted = await Graph.SendAsync(HttpMethod.Delete, $"/v1.0/users/{user.Id}", token);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var get = await Graph.SendAsync(HttpMethod.Get, $"/v1.0/users/{user.Id}", token);
        await GraphAssert.ErrorAsync(get, HttpStatusCode.NotFound, "Request_ResourceNotFound");
        using var again = await Graph.SendAsync(HttpMethod.Delete, $"/v1.0/users/{user.Id}", token);
        await GraphAssert.ErrorAsync(again, HttpStatusCode.NotFound, "Request_ResourceNotFound");
    }

    [Fact]
    public async Task MeIsTheSignedInUser()
    {
        var user = await Graph.CreateUserAsync();
        using var response = await Graph.SendAsync(HttpMethod.Get, "/v1.0/me", await Graph.UserTokenAsync(user, "User.Read"));
        var me = await GraphAssert.OkJsonAsync(response);
        Assert.Equal(user.Id.ToString(), me.GetProperty("id").GetString());
        Assert.Equal(user.UserPrincipalName, me.GetProperty("userPrincipalName").GetString());
    }

    [Fact]
    public async Task MeWithAnApplicationTokenIsABadRequestAsInGraph()
    {
        using var response = await Graph.SendAsync(HttpMethod.Get, "/v1.0/me", await Graph.AppTokenAsync(TestApplication.AdminA));
        var error = await GraphAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BadRequest");
        Assert.Contains("delegated", error.GetProperty("message").GetString());
    }

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"accountEnabled":true,"mailNickname":"x","userPrincipalName":"x@contoso.com","passwordProfile":{"password":"Passw0rd-long"}}""", "displayName" },
        { """{"accountEnabled":true,"displayName":"  ","mailNickname":"x","userPrincipalName":"x@contoso.com","passwordProfile":{"password":"Passw0rd-long"}}""", "displayName" },
        { """{"accountEnabled":true,"displayName":"X","userPrincipalName":"x@contoso.com","passwordProfile":{"password":"Passw0rd-long"}}""", "mailNickname" },
        { """{"accountEnabled":true,"displayName":"X","mailNickname":"x","passwordProfile":{"password":"Passw0rd-long"}}""", "userPrincipalName" },
        { """{"accountEnabled":true,"displayName":"X","mailNickname":"x","userPrincipalName":"no-at-sign","passwordProfile":{"password":"Passw0rd-long"}}""", "userPrincipalName" },
        { """{"accountEnabled":true,"displayName":"X","mailNickname":"x","userPrincipalName":"a@b@contoso.com","passwordProfile":{"password":"Passw0rd-long"}}""", "userPrincipalName" },
        { """{"accountEnabled":true,"displayName":"X","mailNickname":"x","userPrincipalName":"with space@contoso.com","passwordProfile":{"password":"Passw0rd-long"}}""", "userPrincipalName" },
        { """{"accountEnabled":true,"displayName":"X","mailNickname":"x","userPrincipalName":"x@nodot","passwordProfile":{"password":"Passw0rd-long"}}""", "userPrincipalName" },
        { """{"accountEnabled":true,"displayName":"X","mailNickname":"x","userPrincipalName":"../x@contoso.com","passwordProfile":{"password":"Passw0rd-long"}}""", "userPrincipalName" },
        { """{"accountEnabled":true,"displayName":"X","mailNickname":"x","userPrincipalName":"x@contoso.com"}""", "password" },
        { """{"accountEnabled":true,"displayName":"X","mailNickname":"x","userPrincipalName":"x@contoso.com","passwordProfile":{"password":"short"}}""", "password" },
        { """{"displayName":"X","mailNickname":"x","userPrincipalName":"x@contoso.com","passwordProfile":{"password":"Passw0rd-long"}}""", "accountEnabled" },
        { """{"accountEnabled":"yes","displayName":"X"}""", "JSON" },
        { """{"accountEnabled":true,""", "JSON" },
        { """[1,2,3]""", "JSON" },
        { "null", "JSON" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task AnInvalidUserIsRefusedWithAMessageThatNamesTheProblem(string body, string named)
    {
        using var response = await Graph.SendAsync(HttpMethod.Post, "/v1.0/users", await Graph.AppTokenAsync(TestApplication.AdminA),
            content: new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await GraphAssert.ErrorAsync(response, HttpStatusCode.BadRequest, named == "JSON" ? "BadRequest" : "Request_BadRequest");
        Assert.Contains(named, error.GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ADuplicateUserPrincipalNameIsRefusedWhateverItsCase()
    {
        var first = await Graph.CreateUserAsync();
        using var response = await Graph.SendAsync(HttpMethod.Post, "/v1.0/users", await Graph.AppTokenAsync(TestApplication.AdminA), new
        {
            accountEnabled = true,
            displayName = "Twin",
            mailNickname = "twin",
            userPrincipalName = first.UserPrincipalName.ToUpperInvariant(),
            passwordProfile = new { password = GraphClient.TestPassword },
        });
        var error = await GraphAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "Request_BadRequest");
        Assert.Contains("userPrincipalName", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task TheSameUserPrincipalNameMayExistInAnotherTenant()
    {
        var upn = $"shared-{Guid.NewGuid():N}@contoso.com";
        var inA = await Graph.CreateUserAsync(TestApplication.AdminA, userPrincipalName: upn);
        var inB = await Graph.CreateUserAsync(TestApplication.AdminB, userPrincipalName: upn);
        Assert.NotEqual(inA.Id, inB.Id);
    }

    [Fact]
    public async Task ATextBodyIsUnsupportedMediaType()
    {
        using var response = await Graph.SendAsync(HttpMethod.Post, "/v1.0/users", await Graph.AppTokenAsync(TestApplication.AdminA),
            content: new StringContent("displayName=x", Encoding.UTF8, "text/plain"));
        await GraphAssert.ErrorAsync(response, HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType");
    }

    [Theory]
    [InlineData("not-a-guid-nor-upn")]
    [InlineData("nobody@contoso.com")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public async Task AnUnknownUserIsNotFound(string key)
    {
        using var response = await Graph.SendAsync(HttpMethod.Get, $"/v1.0/users/{Uri.EscapeDataString(key)}", await Graph.AppTokenAsync(TestApplication.AdminA));
        await GraphAssert.ErrorAsync(response, HttpStatusCode.NotFound, "Request_ResourceNotFound");
    }
}
