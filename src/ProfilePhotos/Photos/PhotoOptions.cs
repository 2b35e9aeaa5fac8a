using ProfilePhotos.Hosting;

namespace ProfilePhotos.Photos;

/// <summary>The <c>Photos</c> section: upload limits.</summary>
public sealed class PhotoOptions
{
    public const string Section = "Photos";

    // 4 MiB: Graph documents 4 MB as the largest photo.
    [Setting("The largest photo upload, in bytes; a larger one answers 413.")]
    public long MaxUploadBytes { get; set; } = 4 * 1024 * 1024;

    // Clients send the whole body without Expect: 100-continue; closing at once would cut off the 413 they wait for.
    [Setting("How much of an over-limit body is read and discarded so that the client still gets its 413; past it the connection closes.")]
    public long MaxDiscardBytes { get; set; } = 64 * 1024 * 1024;

    [Setting("Memory for the most read photo sizes, in MB; safe with every backend and any number of nodes, since a stored size never changes. 0 turns it off.")]
    public int CachedRenditionMegabytes { get; set; } = 64;
}
