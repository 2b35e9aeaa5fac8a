using System.Net;
using ProfilePhotos.Tests.Infrastructure;

namespace ProfilePhotos.Tests.Photos;

/// <summary>
/// Every row of the photo permission table, allowed and refused, with real tokens.
/// <c>me:Scopes</c> is the user "self" signed in with those scopes; <c>app:Name</c> a test application.
/// </summary>
public sealed class PhotoPermissionTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    private GraphClient Graph => service.Graph;

    public static TheoryData<string, string, string, HttpStatusCode> Rows => new()
    {
        // another user's photo: read with the .All scopes, never written with a delegated token
        { "GET", "/v1.0/users/{other}/photo/$value", "me:User.ReadBasic.All", HttpStatusCode.OK },
        { "GET", "/v1.0/users/{other}/photo/$value", "me:ProfilePhoto.Read.All", HttpStatusCode.OK },
        { "GET", "/v1.0/users/{other}/photos", "me:User.Read", HttpStatusCode.Forbidden },
        { "GET", "/v1.0/users/{other}/photo", "app:ReaderA", HttpStatusCode.OK },
        { "GET", "/v1.0/users/{other}/photo", "app:NoRolesA", HttpStatusCode.Forbidden },
        { "PUT", "/v1.0/users/{other}/photo/$value", "me:User.ReadWrite.All", HttpStatusCode.Forbidden },
        { "PUT", "/v1.0/users/{other}/photo/$value", "me:ProfilePhoto.ReadWrite.All", HttpStatusCode.Forbidden },
        { "PATCH", "/v1.0/users/{other}/photo/$value", "app:AdminA", HttpStatusCode.OK },
        { "PUT", "/v1.0/users/{other}/photo/$value", "app:ReaderA", HttpStatusCode.Forbidden },
        { "DELETE", "/v1.0/users/{other}/photo", "me:User.ReadWrite.All", HttpStatusCode.Forbidden },
        { "DELETE", "/v1.0/users/{other}/photo", "app:AdminA", HttpStatusCode.NoContent },
        // the signed-in user's own photo
        { "GET", "/v1.0/me/photo/$value", "me:User.Read", HttpStatusCode.OK },
        { "GET", "/v1.0/users/{self}/photo", "me:User.Read", HttpStatusCode.OK },
        { "GET", "/v1.0/me/photo", "me:Contacts.Read", HttpStatusCode.Forbidden },
        { "PUT", "/v1.0/me/photo/$value", "me:User.ReadWrite", HttpStatusCode.OK },
        { "PUT", "/v1.0/users/{selfUpn}/photo/$value", "me:ProfilePhoto.ReadWrite.All", HttpStatusCode.OK },
        { "PUT", "/v1.0/me/photo/$value", "me:User.Read", HttpStatusCode.Forbidden },
        { "DELETE", "/v1.0/me/photo", "me:User.ReadWrite", HttpStatusCode.NoContent },
        { "DELETE", "/v1.0/me/photo", "me:User.ReadBasic.All", HttpStatusCode.Forbidden },
        // groups: delegated writes need the permission and ownership
        { "GET", "/v1.0/groups/{otherGroup}/photo", "me:Group.Read.All", HttpStatusCode.OK },
        { "GET", "/v1.0/groups/{otherGroup}/photos/48x48/$value", "me:ProfilePhoto.Read.All", HttpStatusCode.OK },
        { "GET", "/v1.0/groups/{otherGroup}/photo", "me:User.Read.All", HttpStatusCode.Forbidden },
        { "GET", "/v1.0/groups/{otherGroup}/photo", "app:ReaderA", HttpStatusCode.OK },
        { "PUT", "/v1.0/groups/{ownedGroup}/photo/$value", "me:Group.ReadWrite.All", HttpStatusCode.OK },
        { "PUT", "/v1.0/groups/{ownedGroup}/photo/$value", "me:ProfilePhoto.ReadWrite.All", HttpStatusCode.OK },
        { "PUT", "/v1.0/groups/{ownedGroup}/photo/$value", "me:Group.Read.All", HttpStatusCode.Forbidden },
        { "PUT", "/v1.0/groups/{otherGroup}/photo/$value", "me:Group.ReadWrite.All", HttpStatusCode.Forbidden },
        { "DELETE", "/v1.0/groups/{otherGroup}/photo", "me:ProfilePhoto.ReadWrite.All", HttpStatusCode.Forbidden },
        { "DELETE", "/v1.0/groups/{ownedGroup}/photo", "me:Group.ReadWrite.All", HttpStatusCode.NoContent },
        { "PUT", "/v1.0/groups/{otherGroup}/photo/$value", "app:AdminA", HttpStatusCode.OK },
        { "PUT", "/v1.0/groups/{otherGroup}/photo/$value", "app:ReaderA", HttpStatusCode.Forbidden },
        { "DELETE", "/v1.0/groups/{otherGroup}/photo/$value", "app:AdminA", HttpStatusCode.NoContent },
        // contacts: delegated in the caller's own mailbox only
        { "GET", "/v1.0/me/contacts/{myContact}/photo", "me:Contacts.Read", HttpStatusCode.OK },
        { "GET", "/v1.0/me/contacts/{myContact}/photo", "me:User.ReadWrite.All", HttpStatusCode.Forbidden },
        { "PUT", "/v1.0/me/contacts/{myContact}/photo/$value", "me:Contacts.ReadWrite", HttpStatusCode.OK },
        { "PUT", "/v1.0/me/contacts/{myContact}/photo/$value", "me:Contacts.Read", HttpStatusCode.Forbidden },
        { "GET", "/v1.0/users/{other}/contacts/{otherContact}/photo", "me:Contacts.ReadWrite", HttpStatusCode.Forbidden },
        { "PUT", "/v1.0/users/{other}/contacts/{otherContact}/photo/$value", "me:Contacts.ReadWrite", HttpStatusCode.Forbidden },
        { "GET", "/v1.0/users/{other}/contacts/{otherContact}/photo/$value", "app:ReaderA", HttpStatusCode.OK },
        { "GET", "/v1.0/users/{other}/contacts/{otherContact}/photo", "app:NoRolesA", HttpStatusCode.Forbidden },
        { "PUT", "/v1.0/users/{other}/contacts/{otherContact}/photo/$value", "app:AdminA", HttpStatusCode.OK },
        { "PUT", "/v1.0/users/{other}/contacts/{otherContact}/photo/$value", "app:ReaderA", HttpStatusCode.Forbidden },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task EachPhotoOperationIsAllowedOrRefusedAsTheTableSays(string method, string template, string principal, HttpStatusCode expected)
    {
        var admin = await Graph.AppTokenAsync(TestApplication.AdminA);
        var self = await Graph.CreateUserAsync();
        var other = await Graph.CreateUserAsync();
        var selfToken = await Graph.UserTokenAsync(self, ".default");
        var ownedGroup = await CreateAsync(selfToken, "/v1.0/groups", new { displayName = "Mine", mailNickname = "mine", mailEnabled = false, securityEnabled = true });
        var otherGroup = await CreateAsync(admin, "/v1.0/groups", new { displayName = "Theirs", mailNickname = "theirs", mailEnabled = false, securityEnabled = true });
        var myContact = await CreateAsync(admin, $"/v1.0/users/{self.Id}/contacts", new { displayName = "Mine" });
        var otherContact = await CreateAsync(admin, $"/v1.0/users/{other.Id}/contacts", new { displayName = "Theirs" });
        var photo = TestImages.Jpeg(60, 60);
        foreach (var owner in new[] { $"users/{self.Id}", $"users/{other.Id}", $"groups/{ownedGroup}", $"groups/{otherGroup}", $"users/{self.Id}/contacts/{myContact}", $"users/{other.Id}/contacts/{otherContact}" })
        {
            await Graph.PutPhotoOkAsync($"/v1.0/{owner}", admin, photo);
        }

        var path = template.Replace("{self}", self.Id.ToString()).Replace("{selfUpn}", Uri.EscapeDataString(self.UserPrincipalName))
            .Replace("{other}", other.Id.ToString()).Replace("{ownedGroup}", ownedGroup).Replace("{otherGroup}", otherGroup)
            .Replace("{myContact}", myContact).Replace("{otherContact}", otherContact);
        var token = principal.Split(':') switch
        {
            ["app", "AdminA"] => admin,
            ["app", "ReaderA"] => await Graph.AppTokenAsync(TestApplication.ReaderA),
            ["app", "NoRolesA"] => await Graph.AppTokenAsync(TestApplication.NoRolesA),
            ["me", var scopes] => await Graph.UserTokenAsync(self, scopes),
            _ => throw new ArgumentException(principal),
        };

        using var response = method is "PUT" or "PATCH"
            ? await Graph.PutPhotoAsync(path.Replace("/photo/$value", "", StringComparison.Ordinal), token, TestImages.Png(70, 70), method: new HttpMethod(method))
            : await Graph.SendAsync(new HttpMethod(method), path, token);
        if (expected == HttpStatusCode.Forbidden)
        {
            await GraphAssert.ErrorAsync(response, HttpStatusCode.Forbidden, "ErrorAccessDenied");
            // A refusal changes nothing: the photo is still the one the administrator put.
            var owner = path[..path.IndexOf("/photo", StringComparison.Ordinal)];
            using var check = await Graph.SendAsync(HttpMethod.Get, $"{owner}/photo", owner.StartsWith("/v1.0/me", StringComparison.Ordinal) ? selfToken : admin);
            Assert.Equal(HttpStatusCode.OK, check.StatusCode);
            Assert.Equal("48X48", (await GraphAssert.OkJsonAsync(check)).GetProperty("id").GetString());
        }
        else
        {
            Assert.True(expected == response.StatusCode, $"{method} {template} as {principal}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task PersonalAccountsGetConsumerPhotoIsNotSupportedOnEveryPhotoOperation()
    {
        var consumer = await Graph.CreateUserAsync(TestApplication.ConsumerAdmin);
        var delegated = await Graph.UserTokenAsync(consumer, ".default");
        var application = await Graph.AppTokenAsync(TestApplication.ConsumerAdmin);
        var requests = new (HttpMethod Method, string Path, string Token)[]
        {
            (HttpMethod.Get, "/v1.0/me/photo", delegated),
            (HttpMethod.Get, "/v1.0/me/photo/$value", delegated),
            (HttpMethod.Get, "/v1.0/me/photos", delegated),
            (HttpMethod.Get, "/v1.0/me/photos/48x48/$value", delegated),
            (HttpMethod.Delete, "/v1.0/me/photo", delegated),
            (HttpMethod.Get, $"/v1.0/users/{consumer.Id}/photo", application),
            (HttpMethod.Delete, $"/v1.0/users/{consumer.Id}/photo/$value", application),
        };
        foreach (var (method, path, token) in requests)
        {
            using var response = await Graph.SendAsync(method, path, token);
            await GraphAssert.ErrorAsync(response, HttpStatusCode.NotFound, "ConsumerPhotoIsNotSupported");
        }

        foreach (var token in new[] { delegated, application })
        {
            using var put = await Graph.PutPhotoAsync(token == delegated ? "/v1.0/me" : $"/v1.0/users/{consumer.Id}", token, TestImages.Jpeg(100, 100));
            var error = await GraphAssert.ErrorAsync(put, HttpStatusCode.NotFound, "ConsumerPhotoIsNotSupported");
            Assert.Equal("The photo wasn't found.", error.GetProperty("message").GetString());
        }
    }

    private async Task<string> CreateAsync(string token, string path, object body)
    {
        using var response = await Graph.SendAsync(HttpMethod.Post, path, token, body);
        return (await GraphAssert.OkJsonAsync(response, HttpStatusCode.Created)).GetProperty("id").GetString()!;
    }
}
