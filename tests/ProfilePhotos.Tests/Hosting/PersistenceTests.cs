using System.Net;
using ProfilePhotos.Tests.Infrastructure;

namespace ProfilePhotos.Tests.Hosting;

public sealed class PersistenceTests
{
    [Fact]
    public async Task DataKeysAndTokensSurviveARestart()
    {
        var directory = ServiceFixture.TemporaryDirectory();
        try
        {
            string appToken, userToken;
            TestUser user;
            string contact;
            await using (var first = new ServiceFixture(directory, ownsDirectory: false, []))
            {
                user = await first.Graph.CreateUserAsync();
                appToken = await first.Graph.AppTokenAsync(TestApplication.AdminA);
                userToken = await first.Graph.UserTokenAsync(user, "User.Read Contacts.ReadWrite");
                using var created = await first.Graph.SendAsync(HttpMethod.Post, "/v1.0/me/contacts", userToken, new { displayName = "Kept" });
                contact = (await GraphAssert.OkJsonAsync(created, HttpStatusCode.Created)).GetProperty("id").GetString()!;
            }

            await using var second = new ServiceFixture(directory, ownsDirectory: false, []);
            using var me = await second.Graph.SendAsync(HttpMethod.Get, "/v1.0/me", userToken);
            Assert.Equal(user.UserPrincipalName, (await GraphAssert.OkJsonAsync(me)).GetProperty("userPrincipalName").GetString());
            using var kept = await second.Graph.SendAsync(HttpMethod.Get, $"/v1.0/users/{user.Id}/contacts/{contact}", appToken);
            Assert.Equal("Kept", (await GraphAssert.OkJsonAsync(kept)).GetProperty("displayName").GetString());

            // The password still signs in: it was stored as a hash that verifies after the restart.
            Assert.False(string.IsNullOrEmpty(await second.Graph.UserTokenAsync(user, "User.Read")));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
