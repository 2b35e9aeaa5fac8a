namespace ProfilePhotos.Photos;

/// <summary>The <c>Photos</c> section: upload limits.</summary>
public sealed class PhotoOptions
{
    public const string Section = "Photos";

    /// <summary>The largest upload accepted (4 MiB, Graph's documented 4 MB).</summary>
    public long MaxUploadBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// How much of an over-limit body is read and discarded so that the client, which sends it
    /// whole without <c>Expect: 100-continue</c>, still receives the 413; past this the connection is closed.
    /// </summary>
    public long MaxDiscardBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>How much memory the most read renditions may take (immutable, so safe with any backend); 0 turns it off.</summary>
    public int CachedRenditionMegabytes { get; set; } = 64;
}
