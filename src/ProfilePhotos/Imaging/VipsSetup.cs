using NetVips;

namespace ProfilePhotos.Imaging;

/// <summary>
/// libvips configured for hostile input, once per process: every loader blocked but the four
/// accepted formats (the others, such as the PDF, SVG, TIFF or ImageMagick loaders, have a long
/// CVE history and nothing to do here), untrusted operations blocked, and the operation cache off
/// so that nothing of one upload is kept for the next.
/// </summary>
public static class VipsSetup
{
    /// <summary>The loader classes that stay open: JPEG, PNG (libspng and libpng builds), GIF, WebP.</summary>
    public static readonly IReadOnlyList<string> AllowedLoaders =
        ["VipsForeignLoadJpeg", "VipsForeignLoadPng", "VipsForeignLoadPngBase", "VipsForeignLoadNsgif", "VipsForeignLoadGif", "VipsForeignLoadWebp"];

    private static readonly Lazy<bool> Configured = new(() =>
    {
        if (!ModuleInitializer.VipsInitialized)
        {
            throw new InvalidOperationException($"libvips could not be loaded: {ModuleInitializer.Exception?.Message}");
        }

        NetVips.NetVips.BlockUntrusted = true;
        Operation.Block("VipsForeignLoad", true);
        foreach (var loader in AllowedLoaders)
        {
            Operation.Block(loader, false);
        }

        Cache.Max = 0;
        Cache.MaxMem = 0;
        Cache.MaxFiles = 0;
        return true;
    });

    public static void EnsureConfigured() => _ = Configured.Value;
}
