using Npgsql;

namespace ProfilePhotos.Tests.Infrastructure.Servers;

/// <summary>
/// A throwaway PostgreSQL cluster for the test run: Debian's package (installed with apt-get if
/// the machine lacks it), a cluster in a temporary directory on a free loopback port, stopped and
/// removed when the test process ends, however it ends. Each test class takes a database of its own.
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
        // In the foreground (pg_ctl would detach it from its lifeline); SIGQUIT is an immediate stop.
        var server = TiedProcess.Start(user,
            "\"$1\" -D \"$2\" -p \"$3\" -k \"$4\" -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=300 >\"$4/log\" 2>&1",
            "kill -QUIT $server; wait $server; rm -rf \"$4\"",
            Path.Combine(bin, "postgres"), data, port.ToString(System.Globalization.CultureInfo.InvariantCulture), directory);
        var started = new PostgresServer($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Maximum Pool Size=20");
        await started.WaitUntilReadyAsync(server, directory);
        return started;
    }

    /// <summary>Until the cluster accepts connections: it listens a moment before it has started up.</summary>
    private async Task WaitUntilReadyAsync(TiedProcess server, string directory)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(adminConnectionString);
                await connection.OpenAsync();
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException && !server.HasExited && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
            catch (Exception ex) when (ex is NpgsqlException)
            {
                var log = Path.Combine(directory, "log");
                throw new InvalidOperationException($"The test PostgreSQL did not start: {(File.Exists(log) ? await File.ReadAllTextAsync(log) : server.Output)}", ex);
            }
        }
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
