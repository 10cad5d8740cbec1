using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Vision.Contracts.V1;

namespace Vision.Benchmarks;

/// <summary>
/// Load on the real service, run as its own process from its Release build: AnalyzePhoto (default resolution, a
/// 1080-pixel street photo) at 1, 4, 16 and 64 concurrent callers and TriagePhoto of a 12 MP photo at 1, 4 and 16.
/// Each caller sends back to back for the measured period and honours the retry push-back of a shed call. Reported
/// per level: completed calls a second, p50/p95/p99 of accepted calls, sheds (RESOURCE_EXHAUSTED), other errors, and
/// the service's peak resident memory (sampled from /proc every 20 ms); at the end, its memory 5 s and a minute after the burst.
/// </summary>
public static class LoadHarness
{
    /// <summary>The service's warnings and errors during the run, for the refusals the table counts as other.</summary>
    public static readonly string ServiceLogPath = Path.Combine(Path.GetTempPath(), "vision-load-service.log");

    public static async Task RunAsync(TimeSpan perLevel, TextWriter output)
    {
        var dll = Path.Combine(BenchmarkAssets.RepositoryRoot, "src", "Vision.Service", "bin", "Release", "net10.0", "Vision.Service.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("Build the service first: dotnet build src/Vision.Service -c Release", dll);
        }

        var folder = Directory.CreateTempSubdirectory("vision-load-").FullName;
        var port = FreePort();
        using var service = StartService(dll, port, folder);
        try
        {
            using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}", new GrpcChannelOptions { MaxSendMessageSize = null });
            var client = new PhotoAnalysis.PhotoAnalysisClient(channel);
            var street = ByteString.CopyFrom(File.ReadAllBytes(Path.Combine(BenchmarkAssets.SamplesDirectory, "images", "vn_motorbikes_parked_101.jpg")));
            var twelveMegapixels = ByteString.CopyFrom(PhotoTriageHarness.TwelveMegapixelPhoto());
            await WaitUntilServingAsync(client, street);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Load on the service (pid {service.Id}), {Environment.ProcessorCount} cores, {perLevel.TotalSeconds:F0} s a level; RSS after start {ResidentMegabytes(service.Id, "VmRSS")} MB"));
            output.WriteLine($"The service's log: {ServiceLogPath}");
            output.WriteLine("method        callers  ok/s   p50 ms  p95 ms  p99 ms   ok  shed  other  peak RSS MB");
            foreach (var callers in new[] { 1, 4, 16, 64 })
            {
                await MeasureAsync("AnalyzePhoto", callers, perLevel, service.Id, output,
                    token => client.AnalyzePhotoAsync(new AnalyzePhotoRequest { Image = street }, cancellationToken: token).ResponseAsync);
            }

            var serverTimings = new List<TriageTimings>();
            foreach (var callers in new[] { 1, 4, 16 })
            {
                await MeasureAsync("TriagePhoto", callers, perLevel, service.Id, output, async token =>
                {
                    var response = await client.TriagePhotoAsync(new TriagePhotoRequest { Image = twelveMegapixels }, cancellationToken: token);
                    lock (serverTimings)
                    {
                        serverTimings.Add(response.Timings);
                    }
                });
            }

            PrintServerStages(serverTimings, output);

            var afterBurst = Stopwatch.StartNew();
            foreach (var wait in new[] { TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60) })
            {
                await Task.Delay(wait - afterBurst.Elapsed);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"RSS {afterBurst.Elapsed.TotalSeconds:F0} s after the last burst: {ResidentMegabytes(service.Id, "VmRSS")} MB (peak over the run {ResidentMegabytes(service.Id, "VmHWM")} MB)"));
            }
        }
        finally
        {
            service.Kill(entireProcessTree: true);
            await service.WaitForExitAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task MeasureAsync(string method, int callers, TimeSpan period, int processId, TextWriter output, Func<CancellationToken, Task> call)
    {
        var latencies = new List<double>();
        int shed = 0;
        var others = new Dictionary<string, int>(StringComparer.Ordinal);
        long peakKilobytes = 0;
        using var stop = new CancellationTokenSource(period);
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peakKilobytes = Math.Max(peakKilobytes, ResidentKilobytes(processId, "VmRSS"));
                await Task.Delay(20, CancellationToken.None);
            }
        });
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var callStarted = Stopwatch.GetTimestamp();
                try
                {
                    await call(CancellationToken.None);
                    lock (latencies)
                    {
                        latencies.Add(Stopwatch.GetElapsedTime(callStarted).TotalMilliseconds);
                    }
                }
                catch (RpcException error) when (error.StatusCode == StatusCode.ResourceExhausted)
                {
                    Interlocked.Increment(ref shed);
                    var pushback = error.Trailers.GetValue("grpc-retry-pushback-ms");
                    await Task.Delay(TimeSpan.FromMilliseconds(pushback is null ? 100 : int.Parse(pushback, CultureInfo.InvariantCulture)), CancellationToken.None);
                }
                catch (RpcException error)
                {
                    var kind = $"{error.StatusCode}: {error.Status.Detail}";
                    lock (others)
                    {
                        others[kind] = others.GetValueOrDefault(kind) + 1;
                    }
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await sampler;
        latencies.Sort();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{method,-13} {callers,7} {latencies.Count / elapsed,5:F2} {Percentile(latencies, 0.50),7:F0} {Percentile(latencies, 0.95),7:F0} {Percentile(latencies, 0.99),7:F0} {latencies.Count,4} {shed,5} {others.Values.Sum(),6} {peakKilobytes / 1024,12}"));
        foreach (var (kind, count) in others.OrderByDescending(pair => pair.Value))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    other: {count} × {kind}"));
        }
    }

    /// <summary>Where the accepted triages spent their time inside the service (median of each stage, as the response reports it).</summary>
    private static void PrintServerStages(List<TriageTimings> timings, TextWriter output)
    {
        if (timings.Count == 0)
        {
            return;
        }

        double Median(Func<TriageTimings, Google.Protobuf.WellKnownTypes.Duration> stage)
        {
            var sorted = timings.Select(t => stage(t).ToTimeSpan().TotalMilliseconds).Order().ToList();
            return Percentile(sorted, 0.5);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"TriagePhoto inside the service, median of {timings.Count}: decode {Median(t => t.Decode):F0} ms, detection {Median(t => t.Detection):F0}, " +
            $"plates {Median(t => t.Plates):F0}, quality {Median(t => t.Quality):F0}, redaction {Median(t => t.Redaction):F0}, total {Median(t => t.Total):F0}"));
    }

    private static double Percentile(List<double> sorted, double quantile) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(quantile * sorted.Count) - 1)];

    private static Process StartService(string dll, int port, string folder)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            dll, "--urls", $"http://127.0.0.1:{port}",
            "--Vision:ModelDirectory", BenchmarkAssets.ModelDirectory,
            "--Vision:Metrics:PrometheusPort", "0",
            "--Vision:Cameras:0:Enabled", "false",
            "--Vision:Storage:SqlitePath", Path.Combine(folder, "vision.db"),
            "--Vision:Evidence:StoreDirectory", Path.Combine(folder, "evidence"),
            "--Vision:Evidence:SigningKeyPath", Path.Combine(folder, "key.pem"),
            "--Logging:LogLevel:Default", "Warning",
            // The callers stand for many citizens and report systems: admission is under test, not one identity's rate limit.
            "--Vision:Security:RateLimits:PhotoCallsPerMinute", "1000000",
            "--Vision:Security:RateLimits:PhotoBurst", "100000",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var log = TextWriter.Synchronized(new StreamWriter(ServiceLogPath) { AutoFlush = true });
        process.OutputDataReceived += (_, line) => log.WriteLine(line.Data);
        process.ErrorDataReceived += (_, line) => log.WriteLine(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitUntilServingAsync(PhotoAnalysis.PhotoAnalysisClient client, ByteString photo)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await client.AnalyzePhotoAsync(new AnalyzePhotoRequest { Image = photo });
                return;
            }
            catch (RpcException) when (attempt < 600)
            {
                await Task.Delay(200);
            }
        }
    }

    private static long ResidentMegabytes(int processId, string field) => ResidentKilobytes(processId, field) / 1024;

    private static long ResidentKilobytes(int processId, string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{processId}/status").FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
