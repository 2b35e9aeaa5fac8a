namespace ProfilePhotos.Tests.Infrastructure.Servers;

/// <summary>
/// What several nodes share: a PostgreSQL database and an Azurite container, both new and the
/// test's own, on the servers of the test run.
/// </summary>
public sealed record SharedStore(string Postgres, string AzureBlob, string Container)
{
    public static async Task<SharedStore> CreateAsync()
    {
        var postgres = PostgresServer.GetAsync();
        var azurite = AzuriteServer.GetAsync();
        return new SharedStore(await (await postgres).CreateDatabaseAsync(), (await azurite).ConnectionString, $"test-{Guid.NewGuid():N}");
    }

    /// <summary>The settings that point the service at it, with the documented names.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Storage:Metadata"] = "Postgres",
        ["ConnectionStrings:Postgres"] = Postgres,
        ["Storage:Blobs"] = "AzureBlob",
        ["ConnectionStrings:AzureBlob"] = AzureBlob,
        ["Storage:BlobContainer"] = Container,
    };
}
