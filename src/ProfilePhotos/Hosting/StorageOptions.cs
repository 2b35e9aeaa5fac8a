namespace ProfilePhotos.Hosting;

/// <summary>Where the records live: users, groups, contacts, applications, photo records.</summary>
public enum MetadataBackend
{
    /// <summary>SQLite in the data directory (the default).</summary>
    Sqlite,

    /// <summary>PostgreSQL at <c>ConnectionStrings:Postgres</c>, shared by any number of nodes.</summary>
    Postgres,
}

/// <summary>Where the photo renditions live.</summary>
public enum BlobBackend
{
    /// <summary>Files in the data directory (the default).</summary>
    Files,

    /// <summary>Azure Blob Storage at <c>ConnectionStrings:AzureBlob</c>, container <c>Storage:BlobContainer</c>.</summary>
    AzureBlob,
}

/// <summary>The <c>Storage</c> section. Works with no configuration: data goes to <c>./data</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    public MetadataBackend Metadata { get; set; } = MetadataBackend.Sqlite;

    public BlobBackend Blobs { get; set; } = BlobBackend.Files;

    /// <summary>The Azure Blob Storage container of the renditions; created when missing.</summary>
    public string BlobContainer { get; set; } = "profilephotos";

    /// <summary>Where the embedded store keeps its database, keys and files (<c>Storage__DataDirectory</c>).</summary>
    public string DataDirectory { get; set; } = "data";

    public string FullDataDirectory => Path.GetFullPath(DataDirectory);

    /// <summary>
    /// How many records (users, groups, contacts, photo records) the embedded store keeps in memory
    /// between writes, so that photo reads do not query the database; 0 turns it off. A user's
    /// photo takes two (the user and the photo record), about 1.6 KB together: the default holds
    /// 50,000 users' photos in about 80 MB. Not used with PostgreSQL, where other nodes write too.
    /// </summary>
    public int CachedRecords { get; set; } = 100_000;

    /// <summary>How often blobs that no photo references are removed.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How old an unreferenced blob must be before a running service removes it.</summary>
    public TimeSpan SweepGracePeriod { get; set; } = TimeSpan.FromMinutes(5);
}
