using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Vision.Service.Tests.Support;

/// <summary>
/// Debian's <c>nats-server</c> with JetStream (<c>-js</c>) on a free loopback port, its store in a temporary folder:
/// killed without warning and started again on the same port and store, as an operator's restart or a crash.
/// </summary>
public sealed class NatsServerProcess : IAsyncDisposable
{
    private readonly string _storeDirectory;
    private Process? _process;

    private NatsServerProcess(int port, string storeDirectory)
    {
        Port = port;
        _storeDirectory = storeDirectory;
    }

    public int Port { get; }

    public string Url => $"nats://127.0.0.1:{Port}";

    public static async Task<NatsServerProcess> StartAsync(CancellationToken cancellationToken)
    {
        var store = Path.Combine(Path.GetTempPath(), "vision-nats-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(store);
        var server = new NatsServerProcess(FreePort(), store);
        await server.RestartAsync(cancellationToken);
        return server;
    }

    /// <summary>SIGKILL: no flush, no goodbye to the clients.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>Starts the server (again) on the same port and store, and waits until it accepts connections.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        var path = new[] { "/usr/sbin/nats-server", "/usr/bin/nats-server" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("nats-server not found: install Debian's nats-server package (./setup.sh does).");
        var start = new ProcessStartInfo(path) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-js", "-a", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-sd", _storeDirectory })
        {
            start.ArgumentList.Add(argument);
        }

        _process?.Dispose();
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start nats-server.");
        _process.OutputDataReceived += static (_, _) => { };
        _process.ErrorDataReceived += static (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"nats-server exited with {_process.ExitCode} at start.");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50, cancellationToken);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        try
        {
            Directory.Delete(_storeDirectory, recursive: true);
        }
        catch (IOException)
        {
            // The temp folder is cleaned by the OS.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
