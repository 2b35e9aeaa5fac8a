using System.Net;
using ProfilePhotos.Tests.Infrastructure;

namespace ProfilePhotos.Tests.Principals;

/// <summary>
/// Every directory operation with a token that its permissions allow and one they refuse.
/// Principals: <c>app:Name</c> is an application token of that test application;
/// <c>me:Scopes</c> a delegated token of the user called "self" with those scopes.
/// Paths name <c>{self}</c>, <c>{selfUpn}</c>, <c>{other}</c> (another user of the tenant) and <c>{group}</c>.
/// </summary>
public sealed class DirectoryPermissionTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    private GraphClient Graph => service.Graph;

    public static TheoryData<string, string, string, HttpStatusCode> Rows => new()
    {
        // users: listing and reading
        { "GET", "/v1.0/users", "app:ReaderA", HttpStatusCode.OK },
        { "GET", "/v1.0/users", "app:NoRolesA", HttpStatusCode.Forbidden },
        { "GET", "/v1.0/users", "me:User.ReadBasic.All", HttpStatusCode.OK },
        { "GET", "/v1.0/users", "me:User.Read", HttpStatusCode.Forbidden },
        { "GET", "/v1.0/users/{other}", "app:ReaderA", HttpStatusCode.OK },
        { "GET", "/v1.0/users/{other}", "app:NoRolesA", HttpStatusCode.Forbidden },
        { "GET", "/v1.0/users/{other}", "me:User.Read.All", HttpStatusCode.OK },
        { "GET", "/v1.0/users/{other}", "me:User.Read", HttpStatusCode.Forbidden },
        { "GET", "/v1.0/users/{self}", "me:User.Read", HttpStatusCode.OK },
        { "GET", "/v1.0/users/{selfUpn}", "me:User.Read", HttpStatusCode.OK },
        { "GET", "/v1.0/me", "me:User.Read", HttpStatusCode.OK },
        { "GET", "/v1.0/me", "me:Contacts.Read", HttpStatusCode.Forbidden },
        // users: creating and deleting
        { "POST", "/v1.0/users", "app:AdminA", HttpStatusCode.Created },
        { "POST", "/v1.0/users", "app:ReaderA", HttpStatusCode.Forbidden },
        { "POST", "/v1.0/users", "me:User.ReadWrite", HttpStatusCode.Forbidden },
        { "DELETE", "/v1.0/users/{other}", "app:AdminA", HttpStatusCode.NoContent },
        { "DELETE", "/v1.0/users/{other}", "app:ReaderA", HttpStatusCode.Forbidden },
        { "DELETE", "/v1.0/users/{self}", "me:User.ReadWrite", HttpStatusCode.Forbidden },
        // groups
        { "GET", "/v1.0/groups", "app:ReaderA", HttpStatusCode.OK },
        { "GET", "/v1.0/groups", "app:NoRolesA", HttpStatusCode.Forbidden },
        { "GET", "/v1.0/groups/{group}", "me:Group.Read.All", HttpStatusCode.OK },
        { "GET", "/v1.0/groups/{group}", "me:User.Read.All", HttpStatusCode.Forbidden },
        { "GET", "/v1.0/groups/{group}/owners", "app:ReaderA", HttpStatusCode.OK },
        { "GET", "/v1.0/groups/{group}/members", "app:NoRolesA", HttpStatusCode.Forbidden },
        { "POST", "/v1.0/groups", "app:AdminA", HttpStatusCode.Created },
        { "POST", "/v1.0/groups", "me:Group.ReadWrite.All", HttpStatusCode.Created },
        { "POST", "/v1.0/groups", "app:ReaderA", HttpStatusCode.Forbidden },
        { "POST", "/v1.0/groups", "me:Group.Read.All", HttpStatusCode.Forbidden },
        { "POST", "/v1.0/groups/{group}/members/$ref", "app:AdminA", HttpStatusCode.NoContent },
        { "POST", "/v1.0/groups/{group}/owners/$ref", "app:ReaderA", HttpStatusCode.Forbidden },
        { "DELETE", "/v1.0/groups/{group}", "me:Group.ReadWrite.All", HttpStatusCode.NoContent },
        { "DELETE", "/v1.0/groups/{group}", "app:ReaderA", HttpStatusCode.Forbidden },
        // contacts: delegated only in the caller's own mailbox, applications in any mailbox of the tenant
        { "GET", "/v1.0/me/contacts", "me:Contacts.Read", HttpStatusCode.OK },
        { "GET", "/v1.0/me/contacts", "me:User.ReadWrite.All", HttpStatusCode.Forbidden },
        { "GET", "/v1.0/users/{self}/contactFolders", "me:Contacts.Read", HttpStatusCode.OK },
        { "GET", "/v1.0/users/{other}/contacts", "me:Contacts.ReadWrite", HttpStatusCode.Forbidden },
        { "GET", "/v1.0/users/{other}/contacts", "app:ReaderA", HttpStatusCode.OK },
        { "GET", "/v1.0/users/{other}/contacts", "app:NoRolesA", HttpStatusCode.Forbidden },
        { "POST", "/v1.0/me/contacts", "me:Contacts.ReadWrite", HttpStatusCode.Created },
        { "POST", "/v1.0/me/contacts", "me:Contacts.Read", HttpStatusCode.Forbidden },
        { "POST", "/v1.0/users/{other}/contactFolders", "app:AdminA", HttpStatusCode.Created },
        { "POST", "/v1.0/users/{other}/contactFolders", "app:ReaderA", HttpStatusCode.Forbidden },
        { "POST", "/v1.0/users/{other}/contactFolders", "me:Contacts.ReadWrite", HttpStatusCode.Forbidden },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task EachOperationIsAllowedOrRefusedByItsDeclaredPermissions(string method, string pathTemplate, string principal, HttpStatusCode expected)
    {
        var self = await Graph.CreateUserAsync();
        var other = await Graph.CreateUserAsync();
        var admin = await Graph.AppTokenAsync(TestApplication.AdminA);
        using var groupResponse = await Graph.SendAsync(HttpMethod.Post, "/v1.0/groups", admin, GroupBody());
        var group = (await GraphAssert.OkJsonAsync(groupResponse, HttpStatusCode.Created)).GetProperty("id").GetString()!;

        var path = pathTemplate.Replace("{self}", self.Id.ToString()).Replace("{selfUpn}", Uri.EscapeDataString(self.UserPrincipalName))
            .Replace("{other}", other.Id.ToString()).Replace("{group}", group);
        var token = principal.Split(':') switch
        {
            ["app", var name] => await Graph.AppTokenAsync(Application(name)),
            ["me", var scopes] => await Graph.UserTokenAsync(self, scopes),
            _ => throw new ArgumentException(principal),
        };

        using var response = await Graph.SendAsync(new HttpMethod(method), path, token, method == "POST" ? BodyFor(path, other) : null);
        if (expected == HttpStatusCode.Forbidden)
        {
            var code = path.Contains("contact", StringComparison.OrdinalIgnoreCase) ? "ErrorAccessDenied" : "Authorization_RequestDenied";
            await GraphAssert.ErrorAsync(response, HttpStatusCode.Forbidden, code);
        }
        else
        {
            Assert.True(expected == response.StatusCode, $"{method} {pathTemplate} as {principal}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static TestApplication Application(string name) => name switch
    {
        "AdminA" => TestApplication.AdminA,
        "ReaderA" => TestApplication.ReaderA,
        "NoRolesA" => TestApplication.NoRolesA,
        _ => throw new ArgumentException(name),
    };

    private static object GroupBody() => new { displayName = "Team", mailNickname = "team", mailEnabled = false, securityEnabled = true };

    private static object BodyFor(string path, TestUser other) => path switch
    {
        _ when path.EndsWith("/$ref", StringComparison.Ordinal) => new Dictionary<string, string> { ["@odata.id"] = $"https://graph.microsoft.com/v1.0/directoryObjects/{other.Id}" },
        "/v1.0/users" => new
        {
            accountEnabled = true,
            displayName = "New",
            mailNickname = "new",
            userPrincipalName = $"new-{Guid.NewGuid():N}@contoso.com",
            passwordProfile = new { password = GraphClient.TestPassword },
        },
        "/v1.0/groups" => GroupBody(),
        _ => new { displayName = "Someone", givenName = "Some" },
    };
}
