namespace ProfilePhotos.Hosting;

/// <summary>The <c>Storage</c> section. Works with no configuration: data goes to <c>./data</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Where the embedded store keeps its database, keys and files (<c>Storage__DataDirectory</c>).</summary>
    public string DataDirectory { get; set; } = "data";

    public string FullDataDirectory => Path.GetFullPath(DataDirectory);
}
