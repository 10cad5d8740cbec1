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

    private readonly string? _configFile;
    private readonly IReadOnlyDictionary<string, string> _environment;

    private NatsServerProcess(int port, string storeDirectory, string? configFile, IReadOnlyDictionary<string, string>? environment)
    {
        Port = port;
        _storeDirectory = storeDirectory;
        _configFile = configFile;
        _environment = environment ?? new Dictionary<string, string>();
    }

    public int Port { get; }

    public string Url => $"nats://127.0.0.1:{Port}";

    /// <param name="configFile">A configuration file to start from (its address, port, store and monitoring port are
    /// replaced by the test's), with <paramref name="environment"/> for the variables it names.</param>
    public static async Task<NatsServerProcess> StartAsync(CancellationToken cancellationToken, string? configFile = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var store = Path.Combine(Path.GetTempPath(), "vision-nats-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(store);
        var server = new NatsServerProcess(FreePort(), store, configFile, environment);
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
        string[] store = _configFile is null ? ["-sd", _storeDirectory] : ["-c", WithStore(_configFile), "-m", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture)];
        foreach (var argument in store.Concat(["-js", "-a", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in _environment)
        {
            start.Environment[name] = value;
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

    // nats-server refuses -sd beside a configuration's own store_dir: a copy of the file names the test's store instead.
    private string WithStore(string configFile)
    {
        var copy = Path.Combine(_storeDirectory, "nats-server.conf");
        var text = System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(configFile), @"store_dir:\s*\S+", "store_dir: \"" + _storeDirectory + "\"");
        File.WriteAllText(copy, text);
        return copy;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
