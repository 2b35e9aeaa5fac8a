using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using ProfilePhotos.Hosting;

namespace ProfilePhotos.Tests.Infrastructure;

/// <summary>
/// The service as a user runs it: its own process, on a real port, in a working directory of
/// the test's choosing, with its output captured line by line.
/// </summary>
public sealed partial class ServiceProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly TaskCompletionSource<Uri> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private GraphClient? graph;
    private bool disposed;

    private ServiceProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => Collect(e.Data);
        process.ErrorDataReceived += (_, e) => Collect(e.Data);
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"The service exited with {process.ExitCode} before listening:\n{Output}"));
    }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public Uri Address => listening.Task.Result;

    public int Id => process.Id;

    /// <summary>A client of the service on its socket, with the same helpers as the in-memory fixture's.</summary>
    public GraphClient Graph => graph ??= new GraphClient(new HttpClient { BaseAddress = Address });

    /// <summary>Settings as the command line takes them: <c>--Section:Key=value</c>.</summary>
    public static string[] Arguments(params IEnumerable<KeyValuePair<string, string?>>[] settings) =>
        [.. settings.SelectMany(s => s).Select(s => $"--{s.Key}={s.Value}")];

    public static ProcessStartInfo StartInfo(string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ProfilePhotos.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // The child gets only what the test gives it, not the settings of whoever runs the tests:
        // none of the service's sections, connection strings or host settings from the environment.
        foreach (var key in info.Environment.Keys.Where(IsServiceSetting).ToList())
        {
            info.Environment.Remove(key);
        }

        info.Environment["DOTNET_NOLOGO"] = "1";
        return info;
    }

    private static readonly string[] ServiceSettingPrefixes =
        ["ASPNETCORE_", "ConnectionStrings__", .. SettingsCatalog.Sections.Select(section => section.Root.Name + "__")];

    private static bool IsServiceSetting(string variable) =>
        ServiceSettingPrefixes.Any(prefix => variable.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));

    /// <summary>Starts the service on a free loopback port and waits until it listens.</summary>
    public static async Task<ServiceProcess> StartAsync(string workingDirectory, params string[] args)
    {
        var started = Start(StartInfo(workingDirectory, ["--urls", "http://127.0.0.1:0", .. args]));
        await started.listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return started;
    }

    public static ServiceProcess Start(ProcessStartInfo info)
    {
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var wrapper = new ServiceProcess(process);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return wrapper;
    }

    /// <summary>Waits until the output holds a match, or fails with what the output said.</summary>
    public async Task<Match> WaitForOutputAsync(Regex pattern, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            if (pattern.Match(Output) is { Success: true } match)
            {
                return match;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No output matched {pattern} in time. Output:\n{Output}");
    }

    /// <summary>Sends SIGTERM, as a service manager does, and waits for the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await process.WaitForExitAsync().WaitAsync(timeout);
        return process.ExitCode;
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await process.WaitForExitAsync().WaitAsync(timeout);
        return process.ExitCode;
    }

    /// <summary>SIGKILL: the process gets no chance to finish anything.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        graph?.Http.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private void Collect(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }

        if (ListeningLine().Match(line) is { Success: true } match)
        {
            listening.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    [GeneratedRegex(@"Now listening on: (http\S+)")]
    private static partial Regex ListeningLine();
}
