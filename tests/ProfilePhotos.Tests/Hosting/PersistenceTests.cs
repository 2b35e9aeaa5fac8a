using System.Net;
using ProfilePhotos.Tests.Infrastructure;

namespace ProfilePhotos.Tests.Hosting;

public sealed class PersistenceTests
{
    [Fact]
    public async Task DataPhotosKeysAndTokensSurviveARestartAndTheStartSweepsWhatACrashLeft()
    {
        using var directory = new ScratchDirectory();
        string appToken, userToken;
        TestUser user;
        string contact;
        WholePhoto photo;
        await using (var first = new ServiceFixture([], directory.Path))
        {
            user = await first.Graph.CreateUserAsync();
            appToken = await first.Graph.AppTokenAsync(TestApplication.AdminA);
            userToken = await first.Graph.UserTokenAsync(user, "User.ReadWrite Contacts.ReadWrite");
            using var created = await first.Graph.SendAsync(HttpMethod.Post, "/v1.0/me/contacts", userToken, new { displayName = "Kept" });
            contact = (await GraphAssert.OkJsonAsync(created, HttpStatusCode.Created)).GetProperty("id").GetString()!;
            await first.Graph.PutPhotoOkAsync("/v1.0/me", userToken, TestImages.Jpeg(300, 200));
            photo = await first.Graph.WholePhotoAsync("/v1.0/me", userToken);
        }

        // What a crash between writing blobs and switching a record leaves: an unreferenced
        // blob and a half-written temporary file. The start-up sweep removes both.
        var orphan = Path.Combine(directory.Path, "blobs", "ab", new string('a', 62).Insert(0, "ab") + ".jpg");
        Directory.CreateDirectory(Path.GetDirectoryName(orphan)!);
        await File.WriteAllBytesAsync(orphan, [1, 2, 3]);
        var partial = orphan + ".0123.tmp";
        await File.WriteAllBytesAsync(partial, [1]);

        await using var second = new ServiceFixture([], directory.Path);
        using var me = await second.Graph.SendAsync(HttpMethod.Get, "/v1.0/me", userToken);
        Assert.Equal(user.UserPrincipalName, (await GraphAssert.OkJsonAsync(me)).GetProperty("userPrincipalName").GetString());
        using var kept = await second.Graph.SendAsync(HttpMethod.Get, $"/v1.0/users/{user.Id}/contacts/{contact}", appToken);
        Assert.Equal("Kept", (await GraphAssert.OkJsonAsync(kept)).GetProperty("displayName").GetString());

        // Every size is still there and whole, under the same version.
        var after = await second.Graph.WholePhotoAsync($"/v1.0/users/{user.Id}", appToken);
        Assert.Equal(photo.ETag, after.ETag);
        Assert.Equal(photo.Sizes, after.Sizes);
        Assert.Equal(photo.Largest, after.Largest);
        Assert.False(File.Exists(orphan));
        Assert.False(File.Exists(partial));

        // The password still signs in: it was stored as a hash that verifies after the restart.
        Assert.False(string.IsNullOrEmpty(await second.Graph.UserTokenAsync(user, "User.Read")));
    }
}
