using Microsoft.Extensions.Options;
using ProfilePhotos.Hosting;
using ProfilePhotos.Imaging;
using ProfilePhotos.Storage;
using ProfilePhotos.Storage.Blobs;

namespace ProfilePhotos.Photos;

public static class PhotosFeature
{
    public static IServiceCollection AddPhotos(this IServiceCollection services)
    {
        services.AddOptions<PhotoOptions>().BindConfiguration(PhotoOptions.Section)
            .Validate(o => o.MaxUploadBytes > 0 && o.MaxDiscardBytes >= o.MaxUploadBytes, "Photos:MaxUploadBytes must be positive and not above Photos:MaxDiscardBytes.")
            .Validate(o => o.CachedRenditionMegabytes >= 0, "Photos:CachedRenditionMegabytes must not be negative (0 turns the cache off).")
            .ValidateOnStart();
        services.AddOptions<ImagingOptions>().BindConfiguration(ImagingOptions.Section)
            .Validate(o => o.JpegQuality is >= 1 and <= 100, "Imaging:JpegQuality must be between 1 and 100.")
            .Validate(o => o.MaxPixels > 0 && o.MaxConcurrency > 0, "Imaging:MaxPixels and Imaging:MaxConcurrency must be positive.")
            .ValidateOnStart();
        services.AddSingleton<PhotoPipeline>();
        services.AddSingleton<PhotoOwnerResolver>();
        services.AddSingleton<RenditionBytes>();
        services.AddSingleton<PhotoService>();
        services.AddSingleton<BlobSweeper>();
        services.AddHostedService<BlobSweepService>();
        return services;
    }

    /// <summary>
    /// Before the server listens (no upload can be in flight): temporary files of interrupted
    /// writes and blobs no record references, such as those of an upload cut by a crash, go.
    /// </summary>
    public static async Task InitializePhotosAsync(this WebApplication app, CancellationToken cancellationToken)
    {
        VipsSetup.EnsureConfigured();
        var storage = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        if (app.Services.GetRequiredService<IBlobStore>() is FileBlobStore files && storage.IsEmbedded())
        {
            files.RemoveAbandonedTemporaryFiles();
        }

        // Alone on its data, the service may take every unreferenced blob; sharing it with other
        // nodes, it must spare those an upload elsewhere has just written.
        var grace = storage.IsEmbedded() ? TimeSpan.Zero : storage.SweepGracePeriod;
        await app.Services.GetRequiredService<BlobSweeper>().SweepAsync(grace, cancellationToken);
    }
}
