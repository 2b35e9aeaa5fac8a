using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace ProfilePhotos.Hosting;

public static class DataProtectionSetup
{
    /// <summary>
    /// Authentication brings ASP.NET Core data protection with it. Nothing here protects data with
    /// it, but its key ring is created at start: keep it in the data directory, not the user's home.
    /// </summary>
    public static IServiceCollection KeepDataProtectionKeysInDataDirectory(this IServiceCollection services)
    {
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<StorageOptions>, ILoggerFactory>((options, storage, loggers) =>
            options.XmlRepository = new FileSystemXmlRepository(
                new DirectoryInfo(Path.Combine(storage.Value.FullDataDirectory, "keys", "data-protection")), loggers));
        return services;
    }
}
