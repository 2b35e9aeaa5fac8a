using System.Net;
using ProfilePhotos.Tests.Infrastructure;

namespace ProfilePhotos.Tests.Photos;

/// <summary>Every owner path with every operation, as the operations table of the Graph photo API says.</summary>
public sealed class PhotoOwnerPathTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    private GraphClient Graph => service.Graph;

    public static TheoryData<string> OwnerPaths => new()
    {
        "/v1.0/me",
        "/v1.0/users/{user}",
        "/v1.0/users/{upn}",
        "/v1.0/groups/{group}",
        "/v1.0/me/contacts/{contact}",
        "/v1.0/users/{user}/contacts/{contact}",
        "/v1.0/me/contactFolders/{folder}/contacts/{inFolder}",
        "/v1.0/users/{upn}/contactFolders/{folder}/contacts/{inFolder}",
        "/v1.0/me/contactFolders/{folder}/childFolders/{child}/contacts/{inChild}",
        "/v1.0/users/{user}/contactFolders/{folder}/childFolders/{child}/contacts/{inChild}",
    };

    [Theory]
    [MemberData(nameof(OwnerPaths))]
    public async Task EveryOperationWorksOnEveryOwnerPath(string template)
    {
        var (owner, token) = await OwnerAsync(template);
        var isContact = template.Contains("contacts", StringComparison.Ordinal);

        using (var none = await Graph.SendAsync(HttpMethod.Get, $"{owner}/photo", token))
        {
            await GraphAssert.ErrorAsync(none, HttpStatusCode.NotFound, "ImageNotFound");
        }

        var putTag = await Graph.PutPhotoOkAsync(owner, token, TestImages.Jpeg(260, 300));
        using (var patch = await Graph.PutPhotoAsync(owner, token, TestImages.Png(130, 140), method: HttpMethod.Patch))
        {
            Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
            Assert.NotEqual(putTag, patch.Headers.ETag!.ToString());
        }

        using (var metadata = await Graph.SendAsync(HttpMethod.Get, $"{owner}/photo", token))
        {
            Assert.Equal("120X120", (await GraphAssert.OkJsonAsync(metadata)).GetProperty("id").GetString());
        }

        using (var value = await Graph.GetValueAsync($"{owner}/photo/$value", token))
        {
            Assert.Equal(HttpStatusCode.OK, value.StatusCode);
            Assert.Equal("image/jpeg", value.Content.Headers.ContentType!.MediaType);
        }

        if (isContact)
        {
            foreach (var path in new[] { "photos", "photos/48x48", "photos/48x48/$value" })
            {
                using var unsupported = await Graph.SendAsync(HttpMethod.Get, $"{owner}/{path}", token);
                await GraphAssert.ErrorAsync(unsupported, HttpStatusCode.BadRequest, "BadRequest");
            }

            foreach (var path in new[] { "photo", "photo/$value" })
            {
                using var delete = await Graph.SendAsync(HttpMethod.Delete, $"{owner}/{path}", token);
                await GraphAssert.ErrorAsync(delete, HttpStatusCode.MethodNotAllowed, "MethodNotAllowed");
            }

            return;
        }

        using (var list = await Graph.SendAsync(HttpMethod.Get, $"{owner}/photos", token))
        {
            Assert.Equal(4, (await GraphAssert.OkJsonAsync(list)).GetProperty("value").GetArrayLength());
        }

        using (var size = await Graph.SendAsync(HttpMethod.Get, $"{owner}/photos/96X96", token))
        {
            Assert.Equal(96, (await GraphAssert.OkJsonAsync(size)).GetProperty("height").GetInt32());
        }

        using (var sizeValue = await Graph.GetValueAsync($"{owner}/photos/96x96/$value", token))
        {
            Assert.Equal(HttpStatusCode.OK, sizeValue.StatusCode);
        }

        foreach (var path in new[] { "photo", "photo/$value" })
        {
            using var deleted = await Graph.SendAsync(HttpMethod.Delete, $"{owner}/{path}", token);
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            using var gone = await Graph.GetValueAsync($"{owner}/photo/$value", token);
            await GraphAssert.ErrorAsync(gone, HttpStatusCode.NotFound, "ImageNotFound");
            using var again = await Graph.SendAsync(HttpMethod.Delete, $"{owner}/{path}", token);
            await GraphAssert.ErrorAsync(again, HttpStatusCode.NotFound, "ImageNotFound");
            await Graph.PutPhotoOkAsync(owner, token, TestImages.Jpeg(100, 100));
        }
    }

    [Theory]
    [InlineData("/v1.0/users/{missing}/photo")]
    [InlineData("/v1.0/groups/{missing}/photo/$value")]
    [InlineData("/v1.0/me/contacts/{missing}/photo")]
    [InlineData("/v1.0/me/contactFolders/{missing}/contacts/{contact}/photo")]
    public async Task AnOwnerThatDoesNotExistIsNotFound(string template)
    {
        var (path, token) = await OwnerAsync(template);
        using var response = await Graph.SendAsync(HttpMethod.Get, path, token);
        var code = (await GraphClient.ReadJsonAsync(response)).GetProperty("error").GetProperty("code").GetString();
        Assert.Contains(code, new[] { "Request_ResourceNotFound", "ErrorItemNotFound" });
        await GraphAssert.ErrorAsync(response, HttpStatusCode.NotFound, code!);
    }

    /// <summary>Makes the owners a template names; the token is the owning user's, with every delegated scope.</summary>
    private async Task<(string Path, string Token)> OwnerAsync(string template)
    {
        var admin = await Graph.AppTokenAsync(TestApplication.AdminA);
        var user = await Graph.CreateUserAsync();
        var token = await Graph.UserTokenAsync(user, ".default");
        using var groupResponse = await Graph.SendAsync(HttpMethod.Post, "/v1.0/groups", token,
            new { displayName = "Photo group", mailNickname = "pg", mailEnabled = false, securityEnabled = true });
        var group = (await GraphAssert.OkJsonAsync(groupResponse, HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var folder = await CreateAsync(admin, $"/v1.0/users/{user.Id}/contactFolders", new { displayName = "F" });
        var child = await CreateAsync(admin, $"/v1.0/users/{user.Id}/contactFolders/{folder}/childFolders", new { displayName = "C" });
        var contact = await CreateAsync(admin, $"/v1.0/users/{user.Id}/contacts", new { displayName = "In mailbox" });
        var inFolder = await CreateAsync(admin, $"/v1.0/users/{user.Id}/contactFolders/{folder}/contacts", new { displayName = "In folder" });
        var inChild = await CreateAsync(admin, $"/v1.0/users/{user.Id}/contactFolders/{folder}/childFolders/{child}/contacts", new { displayName = "In child" });
        var path = template.Replace("{user}", user.Id.ToString()).Replace("{upn}", Uri.EscapeDataString(user.UserPrincipalName))
            .Replace("{group}", group).Replace("{folder}", folder).Replace("{child}", child).Replace("{contact}", contact)
            .Replace("{inFolder}", inFolder).Replace("{inChild}", inChild).Replace("{missing}", Guid.NewGuid().ToString());
        return (path, token);
    }

    private async Task<string> CreateAsync(string token, string path, object body)
    {
        using var response = await Graph.SendAsync(HttpMethod.Post, path, token, body);
        return (await GraphAssert.OkJsonAsync(response, HttpStatusCode.Created)).GetProperty("id").GetString()!;
    }
}
