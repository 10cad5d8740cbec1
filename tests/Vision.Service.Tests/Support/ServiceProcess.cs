using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Vision.Pipeline.Tests.Support;

namespace Vision.Service.Tests.Support;

/// <summary>
/// The real service as its own operating-system process (<c>dotnet Vision.Service.dll</c>, built with the tests in
/// the same configuration) on a free loopback port: started, awaited until its health check says serving, and killed
/// without warning (SIGKILL). Its output is drained continuously (so it never blocks on a full pipe) and its last
/// lines kept for failure messages.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private const int KeptOutputLines = 200;
    private readonly Process _process;
    private readonly Queue<string> _output = new();
    // VISION_TEST_SERVICE_LOGS names a folder: every line each service process writes is kept there too, time-stamped
    // (a failure's message keeps only the last lines of each).
    private StreamWriter? _fullLog;

    private ServiceProcess(Process process, Uri address, string? bearerToken)
    {
        _process = process;
        Address = address;
        if (Environment.GetEnvironmentVariable("VISION_TEST_SERVICE_LOGS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            _fullLog = new StreamWriter(Path.Combine(folder, $"service-{DateTime.UtcNow:HHmmss.fff}-{address.Port}.log")) { AutoFlush = true };
        }
        Channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            MaxSendMessageSize = null,
            HttpHandler = bearerToken is null ? null : new CredentialHandler("authorization", "Bearer " + bearerToken),
            DisposeHttpClient = true,
        });
    }

    public Uri Address { get; }

    public GrpcChannel Channel { get; }

    /// <summary>The operating system's process id.</summary>
    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>CPU time the service process has used so far (user and kernel, all threads).</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public int ExitCode => _process.ExitCode;

    /// <summary>The last lines the service wrote to stdout and stderr.</summary>
    public string OutputTail
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>
    /// Starts the service with these configuration arguments (plus <c>--urls</c>) and waits until it serves; <see cref="Channel"/>
    /// calls with <paramref name="bearerToken"/> when given.
    /// </summary>
    public static async Task<ServiceProcess> StartAsync(IEnumerable<string> arguments, TimeSpan startTimeout, CancellationToken cancellationToken,
        string? bearerToken = null)
    {
        var dll = ServiceAssemblyPath();
        var address = new Uri($"http://127.0.0.1:{FreeLoopbackPort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            // The service's content root (appsettings.json) is its output folder, as when an operator runs it there.
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(address.ToString());
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        var service = new ServiceProcess(process, address, bearerToken);
        process.OutputDataReceived += (_, line) => service.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => service.Keep(line.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException("Could not start " + dll);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await service.WaitUntilServingAsync(startTimeout, cancellationToken);
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }

        return service;
    }

    /// <summary>SIGKILL to the service and anything it started: no shutdown, no flush, no finally blocks. Returns the exit code.</summary>
    public async Task<int> KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    /// <summary>SIGTERM, as <c>systemctl stop</c> or <c>docker stop</c> send it: the service shuts down in order.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Waits until the process has exited and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }

        _process.Dispose();
        lock (_output)
        {
            _fullLog?.Dispose();
            _fullLog = null;
        }
    }

    private async Task WaitUntilServingAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var health = new Health.HealthClient(Channel);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The service exited with {_process.ExitCode} while starting:\n{OutputTail}");
            }

            try
            {
                var response = await health.CheckAsync(new HealthCheckRequest(), cancellationToken: deadline.Token);
                if (response.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (RpcException error) when (error.StatusCode == StatusCode.Unavailable)
            {
                // Not listening yet (models still loading).
            }
            catch (Exception error) when (error is OperationCanceledException || (error is RpcException { StatusCode: StatusCode.Cancelled }))
            {
                cancellationToken.ThrowIfCancellationRequested();
                throw new TimeoutException($"The service did not serve within {timeout}:\n{OutputTail}");
            }

            await Task.Delay(100, deadline.Token).ContinueWith(static _ => { }, TaskScheduler.Default);
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _fullLog?.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {line}");
            _output.Enqueue(line);
            if (_output.Count > KeptOutputLines)
            {
                _output.Dequeue();
            }
        }
    }

    /// <summary>The service built next to the tests: <c>src/Vision.Service/bin/{the tests' configuration}/net10.0</c>.</summary>
    private static string ServiceAssemblyPath()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var path = Path.Combine(TestAssets.RepositoryRoot, "src", "Vision.Service", "bin", configuration, "net10.0", "Vision.Service.dll");
        return File.Exists(path) && File.Exists(Path.ChangeExtension(path, ".runtimeconfig.json"))
            ? path
            : throw new FileNotFoundException("The service is not built; build tests/Vision.Service.Tests.", path);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
