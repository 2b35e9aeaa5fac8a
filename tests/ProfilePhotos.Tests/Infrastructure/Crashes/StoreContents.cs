using System.Data.Common;
using Azure.Storage.Blobs;
using Microsoft.Data.Sqlite;
using Npgsql;
using ProfilePhotos.Tests.Infrastructure.Servers;

namespace ProfilePhotos.Tests.Infrastructure.Crashes;

/// <summary>
/// What a store holds, read from outside the service as an operator would: the blobs its photo
/// records name, and the blobs it has (named by their hash; anything else, such as a temporary
/// file, by its whole name, so that it counts as an orphan).
/// </summary>
public interface IStoreContents
{
    Task<IReadOnlySet<string>> ReferencedBlobsAsync();

    Task<IReadOnlySet<string>> StoredBlobsAsync();
}

/// <summary>The embedded store: its SQLite file, opened read-only, and its blob files.</summary>
public sealed class EmbeddedStoreContents(string dataDirectory) : IStoreContents
{
    public async Task<IReadOnlySet<string>> ReferencedBlobsAsync()
    {
        await using var db = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "profilephotos.db")};Mode=ReadOnly;Pooling=False");
        return await StoreContents.ReferencedAsync(db);
    }

    public Task<IReadOnlySet<string>> StoredBlobsAsync()
    {
        var blobs = Path.Combine(dataDirectory, "blobs");
        IReadOnlySet<string> names = Directory.Exists(blobs)
            ? Directory.EnumerateFiles(blobs, "*", SearchOption.AllDirectories).Select(StoreContents.BlobName).ToHashSet()
            : new HashSet<string>();
        return Task.FromResult(names);
    }
}

/// <summary>A shared store: its PostgreSQL database and its Azure Blob Storage container.</summary>
public sealed class SharedStoreContents(SharedStore store) : IStoreContents
{
    public async Task<IReadOnlySet<string>> ReferencedBlobsAsync()
    {
        await using var db = new NpgsqlConnection(store.Postgres);
        return await StoreContents.ReferencedAsync(db);
    }

    public async Task<IReadOnlySet<string>> StoredBlobsAsync()
    {
        var container = new BlobContainerClient(store.AzureBlob, store.Container);
        var names = new HashSet<string>();
        if (await container.ExistsAsync())
        {
            await foreach (var blob in container.GetBlobsAsync())
            {
                names.Add(StoreContents.BlobName(blob.Name));
            }
        }

        return names;
    }
}

public static class StoreContents
{
    /// <summary>Every blob a record names exists: a photo the service serves can be read whole.</summary>
    public static async Task AssertEveryReferencedBlobIsStoredAsync(this IStoreContents store, string when)
    {
        var stored = await store.StoredBlobsAsync();
        var missing = (await store.ReferencedBlobsAsync()).Where(b => !stored.Contains(b)).ToList();
        Assert.True(missing.Count == 0, $"{when}: records name {missing.Count} blobs the store lacks: {string.Join(", ", missing)}");
    }

    /// <summary>Blobs the store has and no record names: what an upload cut before its switch leaves.</summary>
    public static async Task<IReadOnlyList<string>> OrphansAsync(this IStoreContents store)
    {
        var referenced = await store.ReferencedBlobsAsync();
        return [.. (await store.StoredBlobsAsync()).Where(b => !referenced.Contains(b))];
    }

    /// <summary>The photo records of both backends name their blobs in one column of one table.</summary>
    internal static async Task<IReadOnlySet<string>> ReferencedAsync(DbConnection db)
    {
        await db.OpenAsync();
        await using var query = db.CreateCommand();
        query.CommandText = "SELECT DISTINCT blob FROM photo_renditions";
        var referenced = new HashSet<string>();
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            referenced.Add(reader.GetString(0));
        }

        return referenced;
    }

    /// <summary>A blob's name from its path (<c>ab/abcd....jpg</c>); a name that is not a blob's, whole.</summary>
    internal static string BlobName(string path)
    {
        var file = Path.GetFileName(path);
        return file.EndsWith(".jpg", StringComparison.Ordinal) ? file[..^4] : file;
    }
}
