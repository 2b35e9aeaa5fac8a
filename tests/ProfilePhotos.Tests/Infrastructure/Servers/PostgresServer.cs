using Npgsql;

namespace ProfilePhotos.Tests.Infrastructure.Servers;

/// <summary>
/// A throwaway PostgreSQL cluster for the test run: Debian's package (installed with apt-get if
/// the machine lacks it), a cluster in a temporary directory on a free loopback port, stopped and
/// removed when the test process ends. Each test class takes a database of its own.
/// Set PROFILEPHOTOS_TEST_POSTGRES to a connection string to use an existing server instead.
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<Task<PostgresServer>> Instance = new(StartAsync);
    private readonly string adminConnectionString;

    private PostgresServer(string adminConnectionString) => this.adminConnectionString = adminConnectionString;

    public static Task<PostgresServer> GetAsync() => Instance.Value;

    /// <summary>A new, empty database; its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"test_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ConnectionString;
    }

    private static async Task<PostgresServer> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("PROFILEPHOTOS_TEST_POSTGRES") is { Length: > 0 } given)
        {
            return new PostgresServer(given);
        }

        var bin = FindBinaries() ?? await InstallAsync();
        var directory = Directory.CreateTempSubdirectory("profilephotos-pg-").FullName;
        var user = ExternalProcess.IsRoot ? "postgres" : null;
        if (user is not null)
        {
            await ExternalProcess.RunAsync("chown", "-R", user, directory);
        }

        var data = Path.Combine(directory, "data");
        await ExternalProcess.RunAsAsync(user, Path.Combine(bin, "initdb"), "-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8");
        var port = ExternalProcess.FreePort();
        await ExternalProcess.RunAsAsync(user, Path.Combine(bin, "pg_ctl"), "-D", data, "-l", Path.Combine(directory, "log"), "-w", "-t", "60",
            "-o", $"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=300", "start");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                ExternalProcess.RunAsAsync(user, Path.Combine(bin, "pg_ctl"), "-D", data, "-m", "immediate", "stop").GetAwaiter().GetResult();
                Directory.Delete(directory, recursive: true);
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"Could not stop the test PostgreSQL in {directory}: {ex.Message}");
            }
        };
        return new PostgresServer($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Maximum Pool Size=20");
    }

    private static string? FindBinaries() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")))
                .OrderByDescending(bin => bin, StringComparer.Ordinal)
                .FirstOrDefault()
            : null;

    private static async Task<string> InstallAsync()
    {
        await ExternalProcess.RunAsync("bash", "-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null");
        return FindBinaries() ?? throw new InvalidOperationException("PostgreSQL was installed but its initdb is not under /usr/lib/postgresql/*/bin.");
    }
}
