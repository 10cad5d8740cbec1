using System.Net;
using System.Net.Sockets;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.Tests.Support;
using Vision.Service.Hosting;

namespace Vision.Service.Tests.Grpc;

/// <summary>The embedded default: the sample camera replays its clip through the pipeline and metrics are scraped in Prometheus format.</summary>
public sealed class SampleCameraAndMetricsTests
{
    [Fact]
    public async Task SampleCamera_IsProcessed_AndItsCountersAreExportedForPrometheus()
    {
        var metricsPort = FreePort();
        await using var app = VisionApp.Build(
        [
            "--urls", "http://127.0.0.1:0",
            "--Vision:ModelDirectory", TestAssets.ModelDirectory,
            "--Logging:LogLevel:Default", "Warning",
            "--Vision:Metrics:PrometheusPort", metricsPort.ToString(),
            "--Vision:Cameras:0:Source:Uri", TestAssets.Sample("video/vtest.avi"),
            "--Vision:Cameras:0:Source:Pace", "AsFastAsPossible",
            "--Vision:Cameras:0:Source:Loop", "false",
        ]);
        await app.StartAsync();
        var camera = app.Services.GetRequiredService<CameraSupervisor>().Find("sample-vtest")!;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (camera.Counters.Processed < 30 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        using var http = new HttpClient();
        var exposition = await http.GetStringAsync(new Uri($"http://127.0.0.1:{metricsPort}/metrics"));
        await app.StopAsync();

        Assert.True(camera.Counters.Processed >= 30, $"{camera.Counters.Processed} frames processed");
        Assert.Equal(0, camera.Counters.Dropped - camera.Counters.DroppedShutdown); // a lossless replay drops only what shutdown cut off
        Assert.Equal(camera.Counters.Accepted, camera.Counters.Processed + camera.Counters.Failed + camera.Counters.Dropped);
        var processedLine = exposition.Split('\n').Single(l => l.StartsWith("vision_frames_processed_total{", StringComparison.Ordinal) && l.Contains("camera=\"sample-vtest\""));
        Assert.True(double.Parse(processedLine.Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture) >= 30, processedLine);
        Assert.Contains("vision_stage_duration_milliseconds_bucket{", exposition);
        Assert.Contains("vision_queue_depth{", exposition);
        Assert.Contains("vision_tracks_alive{", exposition);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
