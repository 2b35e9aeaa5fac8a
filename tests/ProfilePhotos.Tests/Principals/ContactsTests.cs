using System.Net;
using System.Text.Json;
using ProfilePhotos.Tests.Infrastructure;

namespace ProfilePhotos.Tests.Principals;

public sealed class ContactsTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    private GraphClient Graph => service.Graph;

    private async Task<JsonElement> PostAsync(string token, string path, object body)
    {
        using var response = await Graph.SendAsync(HttpMethod.Post, path, token, body);
        return await GraphAssert.OkJsonAsync(response, HttpStatusCode.Created);
    }

    private async Task<List<string>> IdsAsync(string token, string path)
    {
        using var response = await Graph.SendAsync(HttpMethod.Get, path, token);
        return (await GraphAssert.OkJsonAsync(response)).GetProperty("value").EnumerateArray().Select(c => c.GetProperty("id").GetString()!).ToList();
    }

    [Fact]
    public async Task ContactsLiveInTheMailboxInFoldersAndInChildFolders()
    {
        var user = await Graph.CreateUserAsync();
        var token = await Graph.UserTokenAsync(user, "Contacts.ReadWrite");

        var top = await PostAsync(token, "/v1.0/me/contacts", new Dictionary<string, object>
        {
            ["@odata.type"] = "#microsoft.graph.contact",
            ["givenName"] = "Pavel",
            ["surname"] = "Bansky",
            ["emailAddresses"] = new[] { new { address = "pavel@fabrikam.com", name = "Pavel Bansky" } },
        });
        Assert.Equal("Pavel Bansky", top.GetProperty("displayName").GetString());
        Assert.Equal("pavel@fabrikam.com", top.GetProperty("emailAddresses")[0].GetProperty("address").GetString());
        Assert.Equal($"http://localhost/v1.0/$metadata#users('{user.Id}')/contacts/$entity", top.GetProperty("@odata.context").GetString());

        var folder = (await PostAsync(token, "/v1.0/me/contactFolders", new { displayName = "Friends" })).GetProperty("id").GetString()!;
        var child = await PostAsync(token, $"/v1.0/me/contactFolders/{folder}/childFolders", new { displayName = "Close" });
        Assert.Equal(folder, child.GetProperty("parentFolderId").GetString());
        var childId = child.GetProperty("id").GetString()!;

        var inFolder = (await PostAsync(token, $"/v1.0/me/contactFolders/{folder}/contacts", new { displayName = "In folder" })).GetProperty("id").GetString()!;
        var inChild = await PostAsync(token, $"/v1.0/users/{user.Id}/contactFolders/{folder}/childFolders/{childId}/contacts", new { displayName = "In child" });
        Assert.Equal(childId, inChild.GetProperty("parentFolderId").GetString());
        var inChildId = inChild.GetProperty("id").GetString()!;

        Assert.Equal([top.GetProperty("id").GetString()!], await IdsAsync(token, "/v1.0/me/contacts"));
        Assert.Equal([inFolder], await IdsAsync(token, $"/v1.0/me/contactFolders/{folder}/contacts"));
        Assert.Equal([inChildId], await IdsAsync(token, $"/v1.0/me/contactFolders/{folder}/childFolders/{childId}/contacts"));
        Assert.Equal([folder], await IdsAsync(token, "/v1.0/me/contactFolders"));
        Assert.Equal([childId], await IdsAsync(token, $"/v1.0/me/CONTACTFOLDERS/{folder}/childfolders"));

        // Any contact is addressable from the mailbox; inside a folder, only that folder's own.
        using var anywhere = await Graph.SendAsync(HttpMethod.Get, $"/v1.0/me/contacts/{inChildId}", token);
        Assert.Equal("In child", (await GraphAssert.OkJsonAsync(anywhere)).GetProperty("displayName").GetString());
        using var wrongFolder = await Graph.SendAsync(HttpMethod.Get, $"/v1.0/me/contactFolders/{folder}/contacts/{inChildId}", token);
        await GraphAssert.ErrorAsync(wrongFolder, HttpStatusCode.NotFound, "ErrorItemNotFound");
        using var childAsTopLevel = await Graph.SendAsync(HttpMethod.Get, $"/v1.0/me/contactFolders/{childId}/childFolders/{folder}", token);
        await GraphAssert.ErrorAsync(childAsTopLevel, HttpStatusCode.NotFound, "ErrorItemNotFound");

        using var deletedFolder = await Graph.SendAsync(HttpMethod.Delete, $"/v1.0/me/contactFolders/{folder}", token);
        Assert.Equal(HttpStatusCode.NoContent, deletedFolder.StatusCode);
        using var goneWithIt = await Graph.SendAsync(HttpMethod.Get, $"/v1.0/me/contacts/{inChildId}", token);
        await GraphAssert.ErrorAsync(goneWithIt, HttpStatusCode.NotFound, "ErrorItemNotFound");
    }

    [Fact]
    public async Task AnApplicationManagesContactsInAnyMailboxOfItsTenant()
    {
        var user = await Graph.CreateUserAsync();
        var admin = await Graph.AppTokenAsync(TestApplication.AdminA);
        var contact = (await PostAsync(admin, $"/v1.0/users/{Uri.EscapeDataString(user.UserPrincipalName)}/contacts", new { displayName = "Via app" })).GetProperty("id").GetString()!;

        Assert.Equal([contact], await IdsAsync(await Graph.UserTokenAsync(user, "Contacts.Read"), "/v1.0/me/contacts"));
        using var deleted = await Graph.SendAsync(HttpMethod.Delete, $"/v1.0/users/{user.Id}/contacts/{contact}", admin);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(await IdsAsync(admin, $"/v1.0/users/{user.Id}/contacts"));
    }

    [Fact]
    public async Task DelegatedAccessToAnotherUsersMailboxIsDeniedWhateverTheScopes()
    {
        var owner = await Graph.CreateUserAsync();
        var intruder = await Graph.CreateUserAsync();
        var contact = (await PostAsync(await Graph.AppTokenAsync(TestApplication.AdminA), $"/v1.0/users/{owner.Id}/contacts", new { displayName = "Private" })).GetProperty("id").GetString()!;
        var token = await Graph.UserTokenAsync(intruder, ".default");

        using var read = await Graph.SendAsync(HttpMethod.Get, $"/v1.0/users/{owner.Id}/contacts/{contact}", token);
        await GraphAssert.ErrorAsync(read, HttpStatusCode.Forbidden, "ErrorAccessDenied");
        using var delete = await Graph.SendAsync(HttpMethod.Delete, $"/v1.0/users/{owner.UserPrincipalName}/contacts/{contact}", token);
        await GraphAssert.ErrorAsync(delete, HttpStatusCode.Forbidden, "ErrorAccessDenied");
        using var stillThere = await Graph.SendAsync(HttpMethod.Get, $"/v1.0/users/{owner.Id}/contacts/{contact}", await Graph.AppTokenAsync(TestApplication.AdminA));
        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
    }

    [Theory]
    [InlineData("/v1.0/me/contacts/not-an-id")]
    [InlineData("/v1.0/me/contactFolders/not-an-id/contacts")]
    public async Task AMalformedItemIdIsABadRequest(string path)
    {
        var user = await Graph.CreateUserAsync();
        using var response = await Graph.SendAsync(HttpMethod.Get, path, await Graph.UserTokenAsync(user, "Contacts.Read"));
        await GraphAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "ErrorInvalidIdMalformed");
    }

    [Fact]
    public async Task AFolderNeedsADisplayName()
    {
        var user = await Graph.CreateUserAsync();
        using var response = await Graph.SendAsync(HttpMethod.Post, "/v1.0/me/contactFolders", await Graph.UserTokenAsync(user, "Contacts.ReadWrite"), new { });
        var error = await GraphAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "Request_BadRequest");
        Assert.Contains("displayName", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task DeletingAUserDeletesItsMailbox()
    {
        var user = await Graph.CreateUserAsync();
        var admin = await Graph.AppTokenAsync(TestApplication.AdminA);
        var contact = (await PostAsync(admin, $"/v1.0/users/{user.Id}/contacts", new { displayName = "Orphan?" })).GetProperty("id").GetString()!;
        using var deleted = await Graph.SendAsync(HttpMethod.Delete, $"/v1.0/users/{user.Id}", admin);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        using var response = await Graph.SendAsync(HttpMethod.Get, $"/v1.0/users/{user.Id}/contacts/{contact}", admin);
        await GraphAssert.ErrorAsync(response, HttpStatusCode.NotFound, "Request_ResourceNotFound");

        // Not merely unreachable: the rows are gone from the store.
        await using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(service.DataDirectory, "profilephotos.db")};Mode=ReadOnly");
        await db.OpenAsync();
        await using var count = db.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM contacts WHERE mailbox_id = $id";
        count.Parameters.AddWithValue("$id", user.Id.ToString());
        Assert.Equal(0L, (long)(await count.ExecuteScalarAsync())!);
    }
}
