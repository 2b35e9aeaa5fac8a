using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using ProfilePhotos.Tests.Infrastructure;

namespace ProfilePhotos.Tests.Storage;

/// <summary>
/// A data directory an earlier build wrote (Fixtures/LegacyStore, see its README) opens in this
/// build and serves what it held, byte for byte, under the same ETags, with the same key and passwords.
/// </summary>
public sealed class LegacyStoreTests : IAsyncLifetime
{
    private static readonly string Fixture = Path.Combine(Repository.Root, "tests", "ProfilePhotos.Tests", "Fixtures", "LegacyStore");
    private readonly ScratchDirectory directory = new();
    private readonly JsonElement manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Fixture, "manifest.json"))).RootElement;
    private ServiceFixture service = null!;

    public Task InitializeAsync()
    {
        CopyDirectory(Path.Combine(Fixture, "data"), directory.Path);
        service = new ServiceFixture([], directory.Path);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await service.DisposeAsync();
        directory.Dispose();
    }

    [Fact]
    public async Task EveryPhotoTheOldBuildStoredIsServedUnchanged()
    {
        var token = await service.Graph.AppTokenAsync(TestApplication.AdminA);
        foreach (var photo in manifest.GetProperty("photos").EnumerateObject())
        {
            var (etag, bytes) = await service.Graph.CurrentPhotoAsync(photo.Name, token);
            Assert.Equal(photo.Value.GetProperty("etag").GetString(), etag);
            Assert.Equal(photo.Value.GetProperty("largestSha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }
    }

    [Fact]
    public async Task TheOldPasswordAndSigningKeyStillWork()
    {
        var user = new TestUser(
            manifest.GetProperty("userId").GetGuid(), TestApplication.TenantA,
            manifest.GetProperty("userPrincipalName").GetString()!, manifest.GetProperty("password").GetString()!);
        var token = await service.Graph.UserTokenAsync(user, "User.Read Contacts.Read");
        using var me = await service.Graph.SendAsync(HttpMethod.Get, "/v1.0/me", token);
        Assert.Equal(user.UserPrincipalName, (await GraphAssert.OkJsonAsync(me)).GetProperty("userPrincipalName").GetString());
        var keyBefore = File.ReadAllText(Path.Combine(Fixture, "data", "keys", "signing-key.pem"));
        Assert.Equal(keyBefore, File.ReadAllText(Path.Combine(directory.Path, "keys", "signing-key.pem")));
    }

    [Fact]
    public async Task ReplacingOneOfTwoRecordsThatShareOldBlobsLeavesTheOtherWhole()
    {
        var token = await service.Graph.AppTokenAsync(TestApplication.AdminA);
        var user = $"/v1.0/users/{manifest.GetProperty("userId").GetString()}";
        var twin = $"/v1.0/users/{manifest.GetProperty("twinId").GetString()}";
        var expected = manifest.GetProperty("photos").GetProperty(twin);

        await service.Graph.PutPhotoOkAsync(user, token, TestImages.Png(120, 130));
        using (var deleted = await service.Graph.SendAsync(HttpMethod.Delete, $"{user}/photo", token))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        foreach (var size in new[] { 48, 64, 96, 120, 240 })
        {
            using var value = await service.Graph.GetValueAsync($"{twin}/photos/{size}x{size}/$value", token);
            Assert.Equal(HttpStatusCode.OK, value.StatusCode);
        }

        var (etag, bytes) = await service.Graph.CurrentPhotoAsync(twin, token);
        Assert.Equal(expected.GetProperty("etag").GetString(), etag);
        Assert.Equal(expected.GetProperty("largestSha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
