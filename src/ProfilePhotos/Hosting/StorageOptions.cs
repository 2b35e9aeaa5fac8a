namespace ProfilePhotos.Hosting;

/// <summary>The <c>Storage</c> section. Works with no configuration: data goes to <c>./data</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Where the embedded store keeps its database, keys and files (<c>Storage__DataDirectory</c>).</summary>
    public string DataDirectory { get; set; } = "data";

    public string FullDataDirectory => Path.GetFullPath(DataDirectory);

    /// <summary>How often blobs that no photo references are removed.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How old an unreferenced blob must be before a running service removes it.</summary>
    public TimeSpan SweepGracePeriod { get; set; } = TimeSpan.FromMinutes(5);
}
