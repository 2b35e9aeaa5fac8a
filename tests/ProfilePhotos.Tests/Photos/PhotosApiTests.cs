using System.Net;
using Microsoft.Extensions.DependencyInjection;
using NetVips;
using ProfilePhotos.Tests.Infrastructure;

namespace ProfilePhotos.Tests.Photos;

public sealed class PhotosApiTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    private GraphClient Graph => service.Graph;

    private Task<string> AdminAsync() => Graph.AppTokenAsync(TestApplication.AdminA);

    [Fact]
    public async Task APhotoIsStoredInEveryAvailableSizeAndServedAsGraphDoes()
    {
        var user = await Graph.CreateUserAsync();
        var token = await AdminAsync();
        var owner = $"/v1.0/users/{user.Id}";
        var etag = await Graph.PutPhotoOkAsync(owner, token, TestImages.Jpeg(504, 700));

        using var metadata = await Graph.SendAsync(HttpMethod.Get, $"{owner}/photo", token);
        var photo = await GraphAssert.OkJsonAsync(metadata);
        Assert.Equal("504X504", photo.GetProperty("id").GetString());
        Assert.Equal(504, photo.GetProperty("width").GetInt32());
        Assert.Equal(504, photo.GetProperty("height").GetInt32());
        Assert.Equal("image/jpeg", photo.GetProperty("@odata.mediaContentType").GetString());
        Assert.Equal(etag, photo.GetProperty("@odata.mediaEtag").GetString());
        Assert.Equal($"http://localhost/v1.0/$metadata#users('{user.Id}')/photo/$entity", photo.GetProperty("@odata.context").GetString());

        using var value = await Graph.GetValueAsync($"{owner}/photo/$value", token);
        Assert.Equal(HttpStatusCode.OK, value.StatusCode);
        Assert.Equal("image/jpeg", value.Content.Headers.ContentType!.MediaType);
        Assert.Equal(etag, value.Headers.ETag!.ToString());
        Assert.False(value.Headers.ETag.IsWeak);
        Assert.True(value.Headers.CacheControl!.Private);
        var bytes = await value.Content.ReadAsByteArrayAsync();
        Assert.Equal(bytes.Length, value.Content.Headers.ContentLength);
        using (var image = Image.NewFromBuffer(bytes))
        {
            Assert.Equal((504, 504), (image.Width, image.Height));
        }

        using var list = await Graph.SendAsync(HttpMethod.Get, $"{owner}/photos", token);
        var sizes = (await GraphAssert.OkJsonAsync(list)).GetProperty("value").EnumerateArray().Select(p => p.GetProperty("id").GetString()).ToList();
        Assert.Equal(["48X48", "64X64", "96X96", "120X120", "240X240", "360X360", "432X432", "504X504"], sizes);

        foreach (var id in new[] { "48x48", "48X48" })
        {
            using var size = await Graph.SendAsync(HttpMethod.Get, $"{owner}/photos/{id}", token);
            Assert.Equal(48, (await GraphAssert.OkJsonAsync(size)).GetProperty("width").GetInt32());
            using var sizeValue = await Graph.GetValueAsync($"{owner}/photos/{id}/$value", token);
            using var small = Image.NewFromBuffer(await sizeValue.Content.ReadAsByteArrayAsync());
            Assert.Equal((48, 48), (small.Width, small.Height));
        }

        foreach (var missing in new[] { "648x648", "50x50", "big", "48x64" })
        {
            using var response = await Graph.SendAsync(HttpMethod.Get, $"{owner}/photos/{missing}/$value", token);
            await GraphAssert.ErrorAsync(response, HttpStatusCode.NotFound, "ImageNotFound");
        }
    }

    [Theory]
    [InlineData("*/*")]
    [InlineData("image/*")]
    [InlineData("image/jpeg")]
    [InlineData("application/json")]
    [InlineData(null)]
    public async Task TheImageIsServedWhateverTheAcceptHeader(string? accept)
    {
        var user = await Graph.CreateUserAsync();
        var token = await AdminAsync();
        await Graph.PutPhotoOkAsync($"/v1.0/users/{user.Id}", token, TestImages.Png(100, 100));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1.0/users/{user.Id}/photo/$value");
        request.Headers.Authorization = new("Bearer", token);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await Graph.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task AGetRightAfterAPutReturnsTheNewPhoto()
    {
        var user = await Graph.CreateUserAsync();
        var token = await AdminAsync();
        var owner = $"/v1.0/users/{user.Id}";
        var first = await Graph.PutPhotoOkAsync(owner, token, TestImages.Jpeg(300, 300));
        Assert.Equal(first, (await Graph.CurrentPhotoAsync(owner, token)).ETag);

        using var red = TestImages.TwoTone(200, 200);
        var second = await Graph.PutPhotoOkAsync(owner, token, red.PngsaveBuffer());
        Assert.NotEqual(first, second);
        var (etag, bytes) = await Graph.CurrentPhotoAsync(owner, token);
        Assert.Equal(second, etag);
        using var image = Image.NewFromBuffer(bytes);
        Assert.Equal(120, image.Width);
        using var metadata = await Graph.SendAsync(HttpMethod.Get, $"{owner}/photo", token);
        Assert.Equal("120X120", (await GraphAssert.OkJsonAsync(metadata)).GetProperty("id").GetString());
    }

    [Fact]
    public async Task NoMetadataOfTheUploadReachesAnyStoredSize()
    {
        var user = await Graph.CreateUserAsync();
        var token = await AdminAsync();
        var owner = $"/v1.0/users/{user.Id}";
        await Graph.PutPhotoOkAsync(owner, token, TestImages.WithMetadata(TestImages.Jpeg(300, 300), orientation: 1));
        foreach (var size in new[] { 48, 64, 96, 120, 240 })
        {
            using var response = await Graph.GetValueAsync($"{owner}/photos/{size}x{size}/$value", token);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            Assert.DoesNotContain(TestImages.Markers(bytes), m => m is >= 0xE1 and <= 0xEF or 0xFE);
            Assert.Equal(-1, bytes.AsSpan().IndexOf("secret"u8));
        }
    }

    public static TheoryData<string, byte[], string> BadUploads => new()
    {
        { "empty", [], "ErrorInvalidImage" },
        { "truncated", TestImages.Jpeg(400, 400)[..3000], "ErrorInvalidImage" },
        { "text", "just some text"u8.ToArray(), "ErrorInvalidImage" },
        { "random behind a JPEG magic number", [0xFF, 0xD8, 0xFF, .. Enumerable.Range(0, 4096).Select(i => (byte)(i * 31))], "ErrorInvalidImage" },
        { "SVG", "<svg xmlns='http://www.w3.org/2000/svg' width='500' height='500'/>"u8.ToArray(), "ErrorInvalidImage" },
        { "HTML", "<html><script>alert(1)</script></html>"u8.ToArray(), "ErrorInvalidImage" },
        { "30000x30000 PNG bomb", TestImages.PngBomb(30000), "ErrorInvalidImage" },
        { "47x100", TestImages.Png(47, 100), "ImageTooSmall" },
    };

    [Theory]
    [MemberData(nameof(BadUploads))]
    public async Task ARefusedUploadLeavesThePreviousPhotoExactlyAsItWas(string what, byte[] upload, string code)
    {
        var user = await Graph.CreateUserAsync();
        var token = await AdminAsync();
        var owner = $"/v1.0/users/{user.Id}";
        await Graph.PutPhotoOkAsync(owner, token, TestImages.Jpeg(200, 200));
        var before = await Graph.CurrentPhotoAsync(owner, token);

        using var response = await Graph.PutPhotoAsync(owner, token, upload, "image/jpeg");
        var error = await GraphAssert.ErrorAsync(response, HttpStatusCode.BadRequest, code);
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()), what);

        var after = await Graph.CurrentPhotoAsync(owner, token);
        Assert.Equal(before.ETag, after.ETag);
        Assert.Equal(before.Bytes, after.Bytes);
    }

    [Fact]
    public async Task AnUploadOverTheLimitIs413AndChangesNothing()
    {
        var user = await Graph.CreateUserAsync();
        var token = await AdminAsync();
        var owner = $"/v1.0/users/{user.Id}";
        await Graph.PutPhotoOkAsync(owner, token, TestImages.Jpeg(200, 200));
        var before = await Graph.CurrentPhotoAsync(owner, token);

        byte[] tooLarge = [0xFF, 0xD8, 0xFF, .. new byte[(4 * 1024 * 1024) - 2]];
        using var response = await Graph.PutPhotoAsync(owner, token, tooLarge);
        await GraphAssert.ErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "RequestEntityTooLarge");
        Assert.Equal(before.ETag, (await Graph.CurrentPhotoAsync(owner, token)).ETag);
    }

    [Theory]
    [InlineData("text/plain", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("application/json", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("application/octet-stream", HttpStatusCode.OK)]
    [InlineData("image/png", HttpStatusCode.OK)]
    [InlineData("IMAGE/JPEG", HttpStatusCode.OK)]
    public async Task TheContentTypeMustBeAnImageOrOctetStream(string contentType, HttpStatusCode expected)
    {
        var user = await Graph.CreateUserAsync();
        using var response = await Graph.PutPhotoAsync($"/v1.0/users/{user.Id}", await AdminAsync(), TestImages.Jpeg(100, 100), contentType);
        if (expected == HttpStatusCode.OK)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        }
        else
        {
            await GraphAssert.ErrorAsync(response, expected, "UnsupportedMediaType");
        }
    }

    [Fact]
    public async Task ConditionalRequestsUseThePhotosETag()
    {
        var user = await Graph.CreateUserAsync();
        var token = await AdminAsync();
        var owner = $"/v1.0/users/{user.Id}";
        var etag = await Graph.PutPhotoOkAsync(owner, token, TestImages.Jpeg(100, 100));

        using (var notModified = await Graph.GetValueAsync($"{owner}/photo/$value", token, ifNoneMatch: etag))
        {
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
            Assert.Equal(etag, notModified.Headers.ETag!.ToString());
            Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        }

        using (var modified = await Graph.GetValueAsync($"{owner}/photos/48x48/$value", token, ifNoneMatch: "\"something-else\""))
        {
            Assert.Equal(HttpStatusCode.OK, modified.StatusCode);
        }

        using (var stale = await Graph.PutPhotoAsync(owner, token, TestImages.Png(100, 100), ifMatch: "\"stale\""))
        {
            await GraphAssert.ErrorAsync(stale, HttpStatusCode.PreconditionFailed, "PreconditionFailed");
        }

        Assert.Equal(etag, (await Graph.CurrentPhotoAsync(owner, token)).ETag);
        using (var deleteStale = await SendWithIfMatchAsync(HttpMethod.Delete, $"{owner}/photo", token, "\"stale\""))
        {
            await GraphAssert.ErrorAsync(deleteStale, HttpStatusCode.PreconditionFailed, "PreconditionFailed");
        }

        var next = await PutWithIfMatchOkAsync(owner, token, etag);
        Assert.NotEqual(etag, next);
        using var deleted = await SendWithIfMatchAsync(HttpMethod.Delete, $"{owner}/photo/$value", token, "*");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await Graph.SendAsync(HttpMethod.Get, $"{owner}/photo", token);
        await GraphAssert.ErrorAsync(gone, HttpStatusCode.NotFound, "ImageNotFound");
    }

    [Fact]
    public async Task PathSegmentsAndSizesMatchWithoutRegardToCase()
    {
        var user = await Graph.CreateUserAsync();
        var token = await AdminAsync();
        await Graph.PutPhotoOkAsync($"/V1.0/USERS/{user.UserPrincipalName.ToUpperInvariant()}", token, TestImages.Jpeg(100, 100));
        using var response = await Graph.GetValueAsync($"/v1.0/Users/{user.Id}/Photos/64X64/$value", token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task DeletingTheOwnerDeletesItsPhotoAndTheSweepItsBlobs()
    {
        var token = await AdminAsync();
        var user = await Graph.CreateUserAsync();
        await Graph.PutPhotoOkAsync($"/v1.0/users/{user.Id}", token, TestImages.Jpeg(97, 101));
        using var contactResponse = await Graph.SendAsync(HttpMethod.Post, $"/v1.0/users/{user.Id}/contacts", token, new { displayName = "With photo" });
        var contact = (await GraphAssert.OkJsonAsync(contactResponse, HttpStatusCode.Created)).GetProperty("id").GetString()!;
        await Graph.PutPhotoOkAsync($"/v1.0/users/{user.Id}/contacts/{contact}", token, TestImages.Png(99, 98));
        Assert.Equal((2, 6), StoredRows(user.Id, Guid.Parse(contact)));
        var blobsBefore = BlobFiles();

        using var deleted = await Graph.SendAsync(HttpMethod.Delete, $"/v1.0/users/{user.Id}", token);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal((0, 0), StoredRows(user.Id, Guid.Parse(contact)));

        await service.Services.GetRequiredService<ProfilePhotos.Photos.BlobSweeper>().SweepAsync(TimeSpan.Zero, CancellationToken.None);
        var blobsAfter = BlobFiles();
        Assert.Equal(blobsBefore.Count - 6, blobsAfter.Count); // three sizes each: 48, 64, 96
        Assert.Equal(ReferencedBlobs().Order(), blobsAfter.Order());
    }

    private Microsoft.Data.Sqlite.SqliteConnection OpenDatabase()
    {
        var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(service.DataDirectory, "profilephotos.db")};Mode=ReadOnly");
        db.Open();
        return db;
    }

    private (long Photos, long Renditions) StoredRows(Guid userId, Guid contactId)
    {
        using var db = OpenDatabase();
        using var count = db.CreateCommand();
        count.CommandText = "SELECT (SELECT COUNT(*) FROM photos WHERE owner_id IN ($u, $c)), (SELECT COUNT(*) FROM photo_renditions WHERE owner_id IN ($u, $c))";
        count.Parameters.AddWithValue("$u", userId.ToString());
        count.Parameters.AddWithValue("$c", contactId.ToString());
        using var reader = count.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private List<string> ReferencedBlobs()
    {
        using var db = OpenDatabase();
        using var query = db.CreateCommand();
        query.CommandText = "SELECT DISTINCT blob FROM photo_renditions";
        using var reader = query.ExecuteReader();
        var blobs = new List<string>();
        while (reader.Read())
        {
            blobs.Add(reader.GetString(0));
        }

        return blobs;
    }

    private List<string> BlobFiles() =>
        Directory.EnumerateFiles(Path.Combine(service.DataDirectory, "blobs"), "*.jpg", SearchOption.AllDirectories)
            .Select(Path.GetFileNameWithoutExtension).ToList()!;

    private async Task<HttpResponseMessage> SendWithIfMatchAsync(HttpMethod method, string path, string token, string ifMatch)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new("Bearer", token);
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await Graph.Http.SendAsync(request);
    }

    private async Task<string> PutWithIfMatchOkAsync(string owner, string token, string etag)
    {
        using var response = await Graph.PutPhotoAsync(owner, token, TestImages.Png(120, 120), ifMatch: etag);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.ETag!.ToString();
    }
}
