namespace ProfilePhotos.Tests.Infrastructure;

/// <summary>
/// The trait that sets the slow tests apart, so that <c>dotnet test --filter "Tier!=Slow"</c>
/// runs the rest in well under a minute. Slow means: it starts the service as a process,
/// PostgreSQL, Azurite or Node/npm, or it runs a kill loop. Mark the class:
/// <c>[Trait(Tier.Name, Tier.Slow)]</c>. Tests in memory or on an in-process Kestrel are fast.
/// </summary>
public static class Tier
{
    public const string Name = "Tier";

    public const string Slow = "Slow";
}
