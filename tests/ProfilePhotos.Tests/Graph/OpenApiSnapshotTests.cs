using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ProfilePhotos.Tests.Infrastructure;

namespace ProfilePhotos.Tests.Graph;

/// <summary>
/// The OpenAPI document of the whole surface, compared with the committed snapshot so that a
/// change of the surface shows in review. After an intended change, run the tests once with
/// UPDATE_SNAPSHOTS=1 and commit the new snapshot.
/// </summary>
public sealed class OpenApiSnapshotTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    private static readonly string SnapshotPath = Path.Combine(SourceDirectory(), "Snapshots", "openapi.v1.json");

    [Fact]
    public async Task TheOpenApiDocumentMatchesTheCommittedSnapshot()
    {
        using var response = await service.Graph.Http.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        document.Remove("servers"); // the address the test server happens to have
        var actual = document.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";

        if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1")
        {
            await File.WriteAllTextAsync(SnapshotPath, actual);
        }

        Assert.True(File.Exists(SnapshotPath), $"No snapshot at {SnapshotPath}: run the tests with UPDATE_SNAPSHOTS=1 and commit it.");
        var expected = (await File.ReadAllTextAsync(SnapshotPath)).ReplaceLineEndings("\n");
        Assert.True(expected == actual, "The OpenAPI document changed. If that was intended, run the tests with UPDATE_SNAPSHOTS=1 and commit Snapshots/openapi.v1.json.");

        // The surface is all there: a few paths that must never disappear.
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/v1.0/users/{user}/photo/$value", paths);
        Assert.Contains("/v1.0/groups/{group}/photos/{size}/$value", paths);
        Assert.Contains("/v1.0/me/contactFolders/{folder}/childFolders/{child}/contacts/{contact}/photo", paths);
        Assert.Contains("/{tenant}/oauth2/v2.0/token", paths);
    }

    private static string SourceDirectory()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ProfilePhotos.Tests.csproj")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The test project's directory was not found above the test binaries.");
    }
}
