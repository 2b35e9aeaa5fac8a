using System.Net;
using ProfilePhotos.Tests.Infrastructure;
using ProfilePhotos.Tests.Infrastructure.Servers;

namespace ProfilePhotos.Tests.Hosting;

/// <summary>Moving from the embedded store to PostgreSQL and Azure Blob Storage, with the command an operator runs.</summary>
[Trait(Tier.Name, Tier.Slow)]
public sealed class MigrateCommandTests
{
    [Fact]
    public async Task TheMigrateCommandCopiesEverythingAndTheServiceCarriesOnFromTheCopy()
    {
        using var source = new ScratchDirectory();
        string appToken, userToken, groupId, childFolder, contactId;
        TestUser user;
        (string ETag, byte[] Bytes) userPhoto, groupPhoto, contactPhoto;
        await using (var embedded = new ServiceFixture([], source.Path))
        {
            var graph = embedded.Graph;
            appToken = await graph.AppTokenAsync(TestApplication.AdminA);
            user = await graph.CreateUserAsync();
            userToken = await graph.UserTokenAsync(user, ".default");
            groupId = await CreateAsync(graph, userToken, "/v1.0/groups", new { displayName = "Moved", mailNickname = "moved", mailEnabled = false, securityEnabled = true });
            var folder = await CreateAsync(graph, userToken, "/v1.0/me/contactFolders", new { displayName = "Folder" });
            childFolder = await CreateAsync(graph, userToken, $"/v1.0/me/contactFolders/{folder}/childFolders", new { displayName = "Child" });
            contactId = await CreateAsync(graph, userToken, $"/v1.0/me/contactFolders/{folder}/childFolders/{childFolder}/contacts", new { displayName = "Deep" });
            await graph.PutPhotoOkAsync("/v1.0/me", userToken, TestImages.Jpeg(300, 310));
            await graph.PutPhotoOkAsync($"/v1.0/groups/{groupId}", userToken, TestImages.Png(200, 210));
            await graph.PutPhotoOkAsync($"/v1.0/me/contacts/{contactId}", userToken, TestImages.WebP(100, 100));
            userPhoto = await graph.CurrentPhotoAsync("/v1.0/me", userToken);
            groupPhoto = await graph.CurrentPhotoAsync($"/v1.0/groups/{groupId}", userToken);
            contactPhoto = await graph.CurrentPhotoAsync($"/v1.0/me/contacts/{contactId}", userToken);
        }

        var target = (await SharedStore.CreateAsync()).Settings;
        string[] migrate = ["migrate", "--source", source.Path, .. ServiceProcess.Arguments(target)];
        for (var run = 0; run < 2; run++)
        {
            // A second run finds everything there already, and still verifies.
            var command = ServiceProcess.Start(ServiceProcess.StartInfo(source.Path, migrate));
            await using (command)
            {
                Assert.True(await command.WaitForExitAsync(TimeSpan.FromMinutes(2)) == 0, command.Output);
                Assert.Contains("verified every row and blob", command.Output);
            }
        }

        await using var migrated = new ServiceFixture(target);
        var moved = migrated.Graph;
        // Tokens issued before the move still work: the signing key moved with the data.
        using (var me = await moved.SendAsync(HttpMethod.Get, "/v1.0/me", userToken))
        {
            Assert.Equal(user.UserPrincipalName, (await GraphAssert.OkJsonAsync(me)).GetProperty("userPrincipalName").GetString());
        }

        Assert.False(string.IsNullOrEmpty(await moved.UserTokenAsync(user, "User.Read")), "the password hash moved too");
        AssertSame(userPhoto, await moved.CurrentPhotoAsync("/v1.0/me", userToken));
        AssertSame(groupPhoto, await moved.CurrentPhotoAsync($"/v1.0/groups/{groupId}", userToken));
        AssertSame(contactPhoto, await moved.CurrentPhotoAsync($"/v1.0/me/contacts/{contactId}", userToken));
        using (var owners = await moved.SendAsync(HttpMethod.Get, $"/v1.0/groups/{groupId}/owners", appToken))
        {
            Assert.Equal(user.Id.ToString(), (await GraphAssert.OkJsonAsync(owners)).GetProperty("value")[0].GetProperty("id").GetString());
        }

        using (var deep = await moved.SendAsync(HttpMethod.Get, $"/v1.0/users/{user.Id}/contactFolders/{childFolder}", appToken))
        {
            Assert.Equal(HttpStatusCode.OK, deep.StatusCode);
        }
    }

    [Fact]
    public async Task MigratingIntoTheEmbeddedStoreIsRefusedWithAnExplanation()
    {
        using var directory = new ScratchDirectory();
        await using var command = ServiceProcess.Start(ServiceProcess.StartInfo(directory.Path, "migrate", "--source", directory.Path));
        Assert.Equal(2, await command.WaitForExitAsync(TimeSpan.FromMinutes(1)));
        Assert.Contains("Storage:Metadata=Postgres", command.Output);
    }

    private static void AssertSame((string ETag, byte[] Bytes) expected, (string ETag, byte[] Bytes) actual)
    {
        Assert.Equal(expected.ETag, actual.ETag);
        Assert.Equal(expected.Bytes, actual.Bytes);
    }

    private static async Task<string> CreateAsync(GraphClient graph, string token, string path, object body)
    {
        using var response = await graph.SendAsync(HttpMethod.Post, path, token, body);
        return (await GraphAssert.OkJsonAsync(response, HttpStatusCode.Created)).GetProperty("id").GetString()!;
    }
}
