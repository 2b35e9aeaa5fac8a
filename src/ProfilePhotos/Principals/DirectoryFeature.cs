namespace ProfilePhotos.Principals;

public static class DirectoryFeature
{
    /// <summary>The directory's lookup rules, shared by every feature that addresses users, groups or contacts.</summary>
    public static IServiceCollection AddDirectory(this IServiceCollection services) =>
        services.AddSingleton<DirectoryLookup>();
}
