namespace ProfilePhotos.Hosting;

/// <summary>The <c>Cors</c> section: which browser origins may call the service (none by default).</summary>
public sealed class CorsSettings
{
    public const string Section = "Cors";

    [Setting("Browser origins allowed to call the service, e.g. http://localhost:3000 (* allows any).")]
    public List<string> AllowedOrigins { get; } = [];
}

public static class CorsSetup
{
    /// <summary>Headers a single-page app needs to read from the answers.</summary>
    public static readonly string[] ExposedHeaders = ["request-id", "client-request-id", "ETag", "Retry-After", "Location"];

    /// <summary>
    /// CORS for single-page apps: the configured origins may call every endpoint with any header
    /// and method; tokens travel in the Authorization header, so no credentials (cookies) are allowed.
    /// </summary>
    public static IServiceCollection AddBrowserAccess(this IServiceCollection services)
    {
        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>().Configure<IConfiguration>((cors, configuration) =>
        {
            var settings = new CorsSettings();
            configuration.GetSection(CorsSettings.Section).Bind(settings);
            cors.AddDefaultPolicy(policy => policy
            .SetIsOriginAllowed(origin => settings.AllowedOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase) || settings.AllowedOrigins.Contains("*"))
            .AllowAnyHeader()
            .AllowAnyMethod()
            .WithExposedHeaders(ExposedHeaders)
            .SetPreflightMaxAge(TimeSpan.FromHours(1)));
        });
        return services;
    }
}
