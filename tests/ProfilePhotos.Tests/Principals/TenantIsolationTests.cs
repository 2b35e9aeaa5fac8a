using System.Net;
using ProfilePhotos.Tests.Infrastructure;

namespace ProfilePhotos.Tests.Principals;

/// <summary>Objects of another tenant do not exist for a caller, on every directory endpoint.</summary>
public sealed class TenantIsolationTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    private GraphClient Graph => service.Graph;

    public static TheoryData<string, string, string> ForeignPaths => new()
    {
        { "GET", "/v1.0/users/{user}", "Request_ResourceNotFound" },
        { "GET", "/v1.0/users/{upn}", "Request_ResourceNotFound" },
        { "DELETE", "/v1.0/users/{user}", "Request_ResourceNotFound" },
        { "GET", "/v1.0/groups/{group}", "Request_ResourceNotFound" },
        { "DELETE", "/v1.0/groups/{group}", "Request_ResourceNotFound" },
        { "GET", "/v1.0/groups/{group}/owners", "Request_ResourceNotFound" },
        { "GET", "/v1.0/groups/{group}/members", "Request_ResourceNotFound" },
        { "POST", "/v1.0/groups/{group}/members/$ref", "Request_ResourceNotFound" },
        { "DELETE", "/v1.0/groups/{group}/owners/{user}/$ref", "Request_ResourceNotFound" },
        { "GET", "/v1.0/users/{user}/contacts", "Request_ResourceNotFound" },
        { "POST", "/v1.0/users/{user}/contacts", "Request_ResourceNotFound" },
        { "GET", "/v1.0/users/{user}/contacts/{contact}", "Request_ResourceNotFound" },
        { "DELETE", "/v1.0/users/{user}/contacts/{contact}", "Request_ResourceNotFound" },
        { "GET", "/v1.0/users/{user}/contactFolders", "Request_ResourceNotFound" },
        { "POST", "/v1.0/users/{user}/contactFolders", "Request_ResourceNotFound" },
        { "GET", "/v1.0/users/{user}/contactFolders/{folder}", "Request_ResourceNotFound" },
        { "GET", "/v1.0/users/{user}/contactFolders/{folder}/contacts", "Request_ResourceNotFound" },
        { "POST", "/v1.0/users/{user}/contactFolders/{folder}/childFolders", "Request_ResourceNotFound" },
    };

    [Theory]
    [MemberData(nameof(ForeignPaths))]
    public async Task AnotherTenantsObjectsDoNotExist(string method, string template, string code)
    {
        // Everything is made in tenant B, then addressed with tenant A's all-powerful application.
        var adminB = await Graph.AppTokenAsync(TestApplication.AdminB);
        var user = await Graph.CreateUserAsync(TestApplication.AdminB);
        using var groupResponse = await Graph.SendAsync(HttpMethod.Post, "/v1.0/groups", adminB,
            new Dictionary<string, object> { ["displayName"] = "B team", ["mailNickname"] = "b", ["mailEnabled"] = false, ["securityEnabled"] = true, ["owners@odata.bind"] = new[] { $"https://graph.microsoft.com/v1.0/users/{user.Id}" } });
        var group = (await GraphAssert.OkJsonAsync(groupResponse, HttpStatusCode.Created)).GetProperty("id").GetString()!;
        using var folderResponse = await Graph.SendAsync(HttpMethod.Post, $"/v1.0/users/{user.Id}/contactFolders", adminB, new { displayName = "B folder" });
        var folder = (await GraphAssert.OkJsonAsync(folderResponse, HttpStatusCode.Created)).GetProperty("id").GetString()!;
        using var contactResponse = await Graph.SendAsync(HttpMethod.Post, $"/v1.0/users/{user.Id}/contacts", adminB, new { displayName = "B contact" });
        var contact = (await GraphAssert.OkJsonAsync(contactResponse, HttpStatusCode.Created)).GetProperty("id").GetString()!;

        var memberOfA = await Graph.CreateUserAsync(TestApplication.AdminA);
        var path = template.Replace("{user}", user.Id.ToString()).Replace("{upn}", Uri.EscapeDataString(user.UserPrincipalName))
            .Replace("{group}", group).Replace("{folder}", folder).Replace("{contact}", contact);
        object? body = method == "POST"
            ? path.EndsWith("$ref", StringComparison.Ordinal)
                ? new Dictionary<string, string> { ["@odata.id"] = $"https://graph.microsoft.com/v1.0/directoryObjects/{memberOfA.Id}" }
                : new { displayName = "intrusion" }
            : null;

        using var response = await Graph.SendAsync(new HttpMethod(method), path, await Graph.AppTokenAsync(TestApplication.AdminA), body);
        await GraphAssert.ErrorAsync(response, HttpStatusCode.NotFound, code);

        // And tenant B still sees all of it, unchanged.
        using var stillThere = await Graph.SendAsync(HttpMethod.Get, $"/v1.0/users/{user.Id}/contactFolders/{folder}/contacts", adminB);
        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
        using var owners = await Graph.SendAsync(HttpMethod.Get, $"/v1.0/groups/{group}/owners", adminB);
        Assert.Single((await GraphAssert.OkJsonAsync(owners)).GetProperty("value").EnumerateArray());
    }

    [Fact]
    public async Task ListingsShowOnlyTheCallersTenant()
    {
        var userOfB = await Graph.CreateUserAsync(TestApplication.AdminB);
        var userOfA = await Graph.CreateUserAsync(TestApplication.AdminA);
        using var response = await Graph.SendAsync(HttpMethod.Get, "/v1.0/users?$top=999", await Graph.AppTokenAsync(TestApplication.AdminA));
        var ids = (await GraphAssert.OkJsonAsync(response)).GetProperty("value").EnumerateArray().Select(u => u.GetProperty("id").GetString()).ToList();
        Assert.Contains(userOfA.Id.ToString(), ids);
        Assert.DoesNotContain(userOfB.Id.ToString(), ids);
    }

    [Fact]
    public async Task AGroupCannotGainAMemberFromAnotherTenant()
    {
        var adminA = await Graph.AppTokenAsync(TestApplication.AdminA);
        var userOfB = await Graph.CreateUserAsync(TestApplication.AdminB);
        using var groupResponse = await Graph.SendAsync(HttpMethod.Post, "/v1.0/groups", adminA,
            new { displayName = "A team", mailNickname = "a", mailEnabled = false, securityEnabled = true });
        var group = (await GraphAssert.OkJsonAsync(groupResponse, HttpStatusCode.Created)).GetProperty("id").GetString()!;
        using var response = await Graph.SendAsync(HttpMethod.Post, $"/v1.0/groups/{group}/members/$ref", adminA,
            new Dictionary<string, string> { ["@odata.id"] = $"https://graph.microsoft.com/v1.0/directoryObjects/{userOfB.Id}" });
        await GraphAssert.ErrorAsync(response, HttpStatusCode.NotFound, "Request_ResourceNotFound");
    }
}
