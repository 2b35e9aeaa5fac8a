using System.Diagnostics;
using System.Text;

namespace ProfilePhotos.Tests.Infrastructure.Servers;

/// <summary>
/// A server that lives exactly as long as this test process. The test host can end before its
/// ProcessExit handlers have run, and servers stopped there were left running (PostgreSQL
/// clusters and Azurite piled up on a shared machine). So the server runs under a shell that
/// waits for its standard input to close, which happens however this process ends, and then
/// stops it; ProcessExit only closes that input, at once.
/// </summary>
internal sealed class TiedProcess
{
    // Referenced for the life of the test process: the writer end of each lifeline.
    private static readonly List<TiedProcess> Running = [];
    private readonly Process shell;
    private readonly StringBuilder output = new();

    private TiedProcess(Process shell)
    {
        this.shell = shell;
        shell.OutputDataReceived += (_, e) => Append(e.Data);
        shell.ErrorDataReceived += (_, e) => Append(e.Data);
        shell.BeginOutputReadLine();
        shell.BeginErrorReadLine();
    }

    public bool HasExited => shell.HasExited;

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

    /// <summary>
    /// Runs <paramref name="command"/> in the background of a bash script (as <paramref name="user"/>
    /// when given), its arguments as $1, $2...; when this process ends, <paramref name="stop"/>
    /// runs with the server's pid in $server.
    /// </summary>
    public static TiedProcess Start(string? user, string command, string stop, params string[] args)
    {
        var info = new ProcessStartInfo(user is null ? "bash" : "runuser")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (user is not null)
        {
            foreach (var arg in new[] { "-u", user, "--", "bash" })
            {
                info.ArgumentList.Add(arg);
            }
        }

        foreach (var arg in new[] { "-c", $"{command} & server=$!; cat >/dev/null; {stop}", "server" }.Concat(args))
        {
            info.ArgumentList.Add(arg);
        }

        var tied = new TiedProcess(Process.Start(info) ?? throw new InvalidOperationException($"{command} did not start"));
        lock (Running)
        {
            Running.Add(tied);
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => tied.shell.StandardInput.Close();
        return tied;
    }

    private void Append(string? line)
    {
        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
