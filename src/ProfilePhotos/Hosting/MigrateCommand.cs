using Microsoft.Extensions.Options;
using ProfilePhotos.Storage;

namespace ProfilePhotos.Hosting;

/// <summary>
/// <c>ProfilePhotos migrate --source ./data</c>: copies an embedded store into the configured
/// PostgreSQL database (and blob store) and verifies the copy. The exit code says whether it holds.
/// </summary>
public static class MigrateCommand
{
    public const string Name = "migrate";

    public const string Usage = "Usage: ProfilePhotos migrate --source <embedded data directory> [settings of the target store]";

    /// <summary>
    /// Whether the arguments ask for a migration, its source directory, and the remaining arguments
    /// (settings); false when they ask for one without saying from where.
    /// </summary>
    public static bool TryParse(string[] args, out bool migrate, out string source, out string[] settings)
    {
        source = "";
        settings = args;
        migrate = args.Length > 0 && args[0] == Name;
        if (!migrate)
        {
            return true;
        }

        var rest = args.Skip(1).ToList();
        var at = rest.IndexOf("--source");
        if (at < 0 || at + 1 >= rest.Count)
        {
            return false;
        }

        source = rest[at + 1];
        rest.RemoveRange(at, 2);
        settings = [.. rest];
        return true;
    }

    public static async Task<int> RunAsync(WebApplication app, string source)
    {
        var storage = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        if (storage.Metadata != MetadataBackend.Postgres)
        {
            await Console.Error.WriteLineAsync("migrate copies into PostgreSQL: set Storage:Metadata=Postgres and ConnectionStrings:Postgres (and Storage:Blobs=AzureBlob with ConnectionStrings:AzureBlob for the photos).");
            return 2;
        }

        var ok = await app.Services.GetRequiredService<EmbeddedStoreMigrator>().RunAsync(source, app.Lifetime.ApplicationStopping);
        await Console.Out.WriteLineAsync(ok
            ? $"Copied {Path.GetFullPath(source)} into the configured store and verified every row and blob."
            : "The copy does not match its source; see the errors above. Nothing was removed from the source.");
        return ok ? 0 : 1;
    }
}
