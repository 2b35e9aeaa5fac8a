using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ProfilePhotos.Tests.Infrastructure.Servers;

/// <summary>Runs the programs the test servers need, and finds free loopback ports.</summary>
internal static class ExternalProcess
{
    public static async Task<string> RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(10));
        var text = await output + await error;
        return process.ExitCode == 0
            ? text
            : throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}:\n{text}");
    }

    /// <summary>Runs a command as the given user when the tests run as root (PostgreSQL refuses root).</summary>
    public static Task<string> RunAsAsync(string? user, string file, params string[] args) =>
        user is null ? RunAsync(file, args) : RunAsync("runuser", ["-u", user, "--", file, .. args]);

    public static bool IsRoot => Environment.UserName == "root";

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits until something listens on the port, or the process meant to has exited.</summary>
    public static async Task WaitForPortAsync(int port, TimeSpan timeout, TiedProcess? server = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (server?.HasExited != true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }
}
