using System.Net;
using System.Text.Json;
using ProfilePhotos.Tests.Infrastructure;

namespace ProfilePhotos.Tests.Principals;

public sealed class GroupsTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    private GraphClient Graph => service.Graph;

    private async Task<string> AdminAsync() => await Graph.AppTokenAsync(TestApplication.AdminA);

    private async Task<JsonElement> CreateGroupAsync(string token, object? body = null)
    {
        using var response = await Graph.SendAsync(HttpMethod.Post, "/v1.0/groups", token,
            body ?? new Dictionary<string, object> { ["@odata.type"] = "#microsoft.graph.group", ["displayName"] = "Marketing", ["mailNickname"] = "marketing", ["mailEnabled"] = false, ["securityEnabled"] = true, ["groupTypes"] = new[] { "Unified" } });
        return await GraphAssert.OkJsonAsync(response, HttpStatusCode.Created);
    }

    private async Task<List<string>> LinkedIdsAsync(string token, string groupId, string link)
    {
        using var response = await Graph.SendAsync(HttpMethod.Get, $"/v1.0/groups/{groupId}/{link}", token);
        var json = await GraphAssert.OkJsonAsync(response);
        Assert.All(json.GetProperty("value").EnumerateArray(), o => Assert.Equal("#microsoft.graph.user", o.GetProperty("@odata.type").GetString()));
        return json.GetProperty("value").EnumerateArray().Select(o => o.GetProperty("id").GetString()!).ToList();
    }

    [Fact]
    public async Task AGroupIsCreatedReadListedAndDeleted()
    {
        var token = await AdminAsync();
        var group = await CreateGroupAsync(token);
        var id = group.GetProperty("id").GetString()!;
        Assert.Equal("http://localhost/v1.0/$metadata#groups/$entity", group.GetProperty("@odata.context").GetString());
        Assert.Equal("Unified", group.GetProperty("groupTypes")[0].GetString());
        Assert.True(group.GetProperty("securityEnabled").GetBoolean());

        using var get = await Graph.SendAsync(HttpMethod.Get, $"/v1.0/groups/{id}", token);
        Assert.Equal("Marketing", (await GraphAssert.OkJsonAsync(get)).GetProperty("displayName").GetString());
        using var list = await Graph.SendAsync(HttpMethod.Get, "/v1.0/groups?$top=999", token);
        Assert.Contains((await GraphAssert.OkJsonAsync(list)).GetProperty("value").EnumerateArray(), g => g.GetProperty("id").GetString() == id);

        using var deleted = await Graph.SendAsync(HttpMethod.Delete, $"/v1.0/groups/{id}", token);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await Graph.SendAsync(HttpMethod.Get, $"/v1.0/groups/{id}", token);
        await GraphAssert.ErrorAsync(gone, HttpStatusCode.NotFound, "Request_ResourceNotFound");
    }

    [Theory]
    [InlineData("displayName")]
    [InlineData("mailNickname")]
    [InlineData("mailEnabled")]
    [InlineData("securityEnabled")]
    public async Task AGroupWithoutARequiredPropertyIsRefused(string missing)
    {
        var body = new Dictionary<string, object> { ["displayName"] = "G", ["mailNickname"] = "g", ["mailEnabled"] = false, ["securityEnabled"] = true };
        body.Remove(missing);
        using var response = await Graph.SendAsync(HttpMethod.Post, "/v1.0/groups", await AdminAsync(), body);
        var error = await GraphAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "Request_BadRequest");
        Assert.Contains(missing, error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("owners", "https://graph.microsoft.com/v1.0/directoryObjects/{0}")]
    [InlineData("members", "https://graph.microsoft.com/v1.0/users/{0}")]
    [InlineData("owners", "http://localhost/v1.0/directoryObjects/{0}")]
    public async Task ReferencesAddListAndRemoveOwnersAndMembers(string link, string referenceFormat)
    {
        var token = await AdminAsync();
        var user = await Graph.CreateUserAsync();
        var group = (await CreateGroupAsync(token)).GetProperty("id").GetString()!;
        var reference = new Dictionary<string, string> { ["@odata.id"] = string.Format(System.Globalization.CultureInfo.InvariantCulture, referenceFormat, user.Id) };

        using var added = await Graph.SendAsync(HttpMethod.Post, $"/v1.0/groups/{group}/{link}/$ref", token, reference);
        Assert.Equal(HttpStatusCode.NoContent, added.StatusCode);
        Assert.Equal([user.Id.ToString()], await LinkedIdsAsync(token, group, link));

        using var repeated = await Graph.SendAsync(HttpMethod.Post, $"/v1.0/groups/{group}/{link}/$ref", token, reference);
        var error = await GraphAssert.ErrorAsync(repeated, HttpStatusCode.BadRequest, "Request_BadRequest");
        Assert.Contains("already exist", error.GetProperty("message").GetString());

        using var removed = await Graph.SendAsync(HttpMethod.Delete, $"/v1.0/groups/{group}/{link}/{user.Id}/$ref", token);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Empty(await LinkedIdsAsync(token, group, link));
    }

    [Theory]
    [InlineData("https://evil.example.com/v1.0/directoryObjects/{0}")]
    [InlineData("https://graph.microsoft.com/v1.0/directoryObjects/not-a-guid")]
    [InlineData("directoryObjects/{0}")]
    [InlineData("")]
    public async Task AMalformedReferenceIsABadRequest(string referenceFormat)
    {
        var token = await AdminAsync();
        var user = await Graph.CreateUserAsync();
        var group = (await CreateGroupAsync(token)).GetProperty("id").GetString()!;
        var reference = new Dictionary<string, string> { ["@odata.id"] = string.Format(System.Globalization.CultureInfo.InvariantCulture, referenceFormat, user.Id) };
        using var response = await Graph.SendAsync(HttpMethod.Post, $"/v1.0/groups/{group}/owners/$ref", token, reference);
        await GraphAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "Request_BadRequest");
        Assert.Empty(await LinkedIdsAsync(token, group, "owners"));
    }

    [Fact]
    public async Task AReferenceToAnUnknownUserIsNotFound()
    {
        var token = await AdminAsync();
        var group = (await CreateGroupAsync(token)).GetProperty("id").GetString()!;
        using var response = await Graph.SendAsync(HttpMethod.Post, $"/v1.0/groups/{group}/members/$ref", token,
            new Dictionary<string, string> { ["@odata.id"] = $"https://graph.microsoft.com/v1.0/directoryObjects/{Guid.NewGuid()}" });
        await GraphAssert.ErrorAsync(response, HttpStatusCode.NotFound, "Request_ResourceNotFound");
    }

    [Fact]
    public async Task ODataBindListsSetOwnersAndMembersAtCreation()
    {
        var token = await AdminAsync();
        var owner = await Graph.CreateUserAsync();
        var member = await Graph.CreateUserAsync();
        var group = await CreateGroupAsync(token, new Dictionary<string, object>
        {
            ["displayName"] = "Bound",
            ["mailNickname"] = "bound",
            ["mailEnabled"] = false,
            ["securityEnabled"] = true,
            ["owners@odata.bind"] = new[] { $"https://graph.microsoft.com/v1.0/users/{owner.Id}" },
            ["members@odata.bind"] = new[] { $"https://graph.microsoft.com/v1.0/directoryObjects/{member.Id}", $"https://graph.microsoft.com/v1.0/directoryObjects/{owner.Id}" },
        });
        var id = group.GetProperty("id").GetString()!;
        Assert.Equal([owner.Id.ToString()], await LinkedIdsAsync(token, id, "owners"));
        Assert.Equal(new[] { owner.Id.ToString(), member.Id.ToString() }.Order(), (await LinkedIdsAsync(token, id, "members")).Order());
    }

    [Fact]
    public async Task AUserWhoCreatesAGroupBecomesItsOwner()
    {
        var user = await Graph.CreateUserAsync();
        var group = await CreateGroupAsync(await Graph.UserTokenAsync(user, "Group.ReadWrite.All"));
        Assert.Equal([user.Id.ToString()], await LinkedIdsAsync(await AdminAsync(), group.GetProperty("id").GetString()!, "owners"));
    }

    [Fact]
    public async Task DeletingAUserRemovesItFromItsGroups()
    {
        var token = await AdminAsync();
        var user = await Graph.CreateUserAsync();
        var group = (await CreateGroupAsync(token)).GetProperty("id").GetString()!;
        using var added = await Graph.SendAsync(HttpMethod.Post, $"/v1.0/groups/{group}/members/$ref", token,
            new Dictionary<string, string> { ["@odata.id"] = $"https://graph.microsoft.com/v1.0/directoryObjects/{user.Id}" });
        Assert.Equal(HttpStatusCode.NoContent, added.StatusCode);
        using var deleted = await Graph.SendAsync(HttpMethod.Delete, $"/v1.0/users/{user.Id}", token);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(await LinkedIdsAsync(token, group, "members"));
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("..%2F..%2Fetc")]
    public async Task AMalformedGroupIdIsABadRequest(string id)
    {
        using var response = await Graph.SendAsync(HttpMethod.Get, $"/v1.0/groups/{id}", await AdminAsync());
        await GraphAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "Request_BadRequest");
    }
}
