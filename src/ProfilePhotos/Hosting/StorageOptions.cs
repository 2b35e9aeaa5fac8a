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

    [Setting("Where the records live: Sqlite in the data directory, or Postgres at ConnectionStrings:Postgres, shared by any number of nodes.")]
    public MetadataBackend Metadata { get; set; } = MetadataBackend.Sqlite;

    [Setting("Where the photo sizes live: Files in the data directory, or AzureBlob at ConnectionStrings:AzureBlob.")]
    public BlobBackend Blobs { get; set; } = BlobBackend.Files;

    [Setting("The Azure Blob Storage container of the photo sizes; created when missing.")]
    public string BlobContainer { get; set; } = "profilephotos";

    [Setting("Where the embedded store keeps its database (profilephotos.db), keys and files; relative to where the service is started.")]
    public string DataDirectory { get; set; } = "data";

    public string FullDataDirectory => Path.GetFullPath(DataDirectory);

    // Not used with PostgreSQL: other nodes write there too, and this cache would not see their writes.
    [Setting("Embedded store: users, groups, contacts and photo records kept in memory until the next write, so that photo reads do not query SQLite. "
        + "A user's photo takes two, about 1.6 KB together: the default holds 50,000 users' photos in about 80 MB. 0 turns it off.")]
    public int CachedRecords { get; set; } = 100_000;

    [Setting("How often photo blobs that no record references are removed while running.")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(10);

    [Setting("How old an unreferenced blob must be before a running service removes it, so that an upload another node is finishing keeps its blobs.")]
    public TimeSpan SweepGracePeriod { get; set; } = TimeSpan.FromMinutes(5);
}
