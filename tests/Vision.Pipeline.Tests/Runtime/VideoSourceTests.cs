using Microsoft.Extensions.Time.Testing;
using OpenCvSharp;
using Vision.Pipeline.Cameras;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.Tests.Support;
using Vision.Pipeline.Tracking;

namespace Vision.Pipeline.Tests.Runtime;

/// <summary>A camera fed by Vision itself from a stream URL: what happens when the stream ends, and on reopening it.</summary>
[Collection(DetectorCollection.Name)]
public sealed class VideoSourceTests(DetectorFixture fixture) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("vision-stream-").FullName;
    private readonly PipelineMetrics _metrics = new();

    [Fact]
    public async Task AStreamThatEnds_FailsSoTheSupervisorReopensIt_AndTheReopenedStreamGoesOnNumberingItsFrames()
    {
        // A stream read through a URL (file:// stands in for rtsp://: both are streams to the source): five frames, then the end.
        var clip = WriteClip(Path.Combine(_folder, "five.avi"), frames: 5);
        var options = new CameraSourceOptions { Uri = new Uri(clip).AbsoluteUri, Pace = SourcePace.AsFastAsPossible };
        var definition = new CameraDefinition { Id = "stream", Name = "stream", ExpectedFramesPerSecond = 10, Source = options };
        var camera = new CameraPipeline(definition, fixture.Standard, new TrackerOptions(), _metrics);
        var running = camera.RunAsync(CancellationToken.None);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.Zero));

        var ended = await Assert.ThrowsAsync<IOException>(() => new VideoSource(options, camera, _folder, time).RunAsync(CancellationToken.None));
        var reopened = new VideoSource(options, camera, _folder, time);
        Assert.Equal(5, reopened.NextSequence);
        await Assert.ThrowsAsync<IOException>(() => reopened.RunAsync(CancellationToken.None));
        camera.CompleteIngest();
        await running;

        Assert.Contains("ended", ended.Message, StringComparison.Ordinal);
        Assert.Equal((10, 0, 9L), (camera.Counters.Accepted, camera.Counters.Rejected, camera.LastAcceptedSequence));
    }

    [Fact]
    public async Task ALoopingFileThatOpensButHoldsNoFrame_Fails_InsteadOfReopeningForEver()
    {
        // The header of a clip whose frames never came (a recording cut off): it opened, read nothing, and looped at once
        // for ever, a core busy and nothing in the log.
        var clip = WriteClip(Path.Combine(_folder, "empty.avi"), frames: 0);
        var options = new CameraSourceOptions { Uri = clip, Loop = true, Pace = SourcePace.AsFastAsPossible };
        var definition = new CameraDefinition { Id = "empty", Name = "empty", ExpectedFramesPerSecond = 10, Source = options };
        var camera = new CameraPipeline(definition, fixture.Standard, new TrackerOptions(), _metrics);

        var failed = await Assert.ThrowsAsync<IOException>(() => new VideoSource(options, camera, _folder, TimeProvider.System).RunAsync(CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.Contains("holds no frame", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStreamOverTheNetwork_IsRead()
    {
        // A camera serving its video over HTTP (a network stream as RTSP is; the OpenCV runtime opened neither).
        var clip = File.ReadAllBytes(WriteClip(Path.Combine(_folder, "seven.avi"), frames: 7));
        using var server = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        server.Start();
        var serving = ServeOnceAsync(server, clip);
        var options = new CameraSourceOptions
        {
            Uri = $"http://127.0.0.1:{((System.Net.IPEndPoint)server.LocalEndpoint).Port}/camera.avi", Pace = SourcePace.AsFastAsPossible,
        };
        var definition = new CameraDefinition { Id = "http", Name = "http", ExpectedFramesPerSecond = 10, Source = options };
        var camera = new CameraPipeline(definition, fixture.Standard, new TrackerOptions(), _metrics);
        var running = camera.RunAsync(CancellationToken.None);

        var ended = await Assert.ThrowsAsync<IOException>(() => new VideoSource(options, camera, _folder, TimeProvider.System).RunAsync(CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(60)));
        await serving;
        camera.CompleteIngest();
        await running;

        Assert.Contains("ended after frame 6", ended.Message, StringComparison.Ordinal);
        Assert.Equal((7, 0, 6L), (camera.Counters.Accepted, camera.Counters.Rejected, camera.LastAcceptedSequence));
    }

    [Fact]
    public async Task AStreamThatStalls_IsReadFrameForFrame_WithoutCopiesFillingTheGap()
    {
        // Seven frames at 5 fps with a 2 s stall after the fourth (a camera on a weak link): ffmpeg's constant-rate output
        // filled the stall with ten copies of one frame, each a new frame to the tracker.
        var clip = Path.Combine(_folder, "stall.mkv");
        RunFfmpeg("-v", "error", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=5:duration=1.4",
            "-vf", "setpts='if(gte(N,4),PTS+10/(5*TB),PTS)'", "-c:v", "mjpeg", "-q:v", "5", clip);
        using var server = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        server.Start();
        var serving = ServeOnceAsync(server, await File.ReadAllBytesAsync(clip));
        var options = new CameraSourceOptions
        {
            Uri = $"http://127.0.0.1:{((System.Net.IPEndPoint)server.LocalEndpoint).Port}/camera.mkv", Pace = SourcePace.AsFastAsPossible,
        };
        var definition = new CameraDefinition { Id = "stall", Name = "stall", ExpectedFramesPerSecond = 5, Source = options };
        var camera = new CameraPipeline(definition, fixture.Standard, new TrackerOptions(), _metrics);
        var running = camera.RunAsync(CancellationToken.None);

        await Assert.ThrowsAsync<IOException>(() => new VideoSource(options, camera, _folder, TimeProvider.System).RunAsync(CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(60)));
        await serving;
        camera.CompleteIngest();
        await running;

        Assert.Equal((7, 0), (camera.Counters.Accepted, camera.Counters.Rejected));
    }

    [Fact]
    public async Task FramesDeliveredInABurstAfterANetworkStall_KeepTheTimesTheCameraGaveThem()
    {
        // A camera at 5 fps behind a weak link: 55 frames arrive live (ffmpeg takes the first 5 s to learn the stream,
        // the next 5 s show its timestamps keep pace), the link stalls for 3 s, then the ten frames captured meanwhile
        // arrive at once. Stamped with their arrival they fell within milliseconds, and every
        // vehicle in them raced (speeding is measured over their times).
        var clip = Path.Combine(_folder, "live.mkv");
        RunFfmpeg("-v", "error", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=5:duration=13", "-c:v", "mjpeg", "-q:v", "5",
            "-cluster_time_limit", "1", clip); // one Matroska cluster a frame, so the server can pace them
        using var server = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        server.Start();
        var serving = ServeLiveWithStallAsync(server, await File.ReadAllBytesAsync(clip), liveFrames: 55, stall: TimeSpan.FromSeconds(3));
        var captured = await CaptureTimesAsync(server, "camera.mkv", serving);

        Assert.Equal(65, captured.Count);
        // From the last live frames through the burst. (The frames ffmpeg held while it learnt the stream come out in a
        // burst of their own at the start, before any frame has shown how late frames arrive: those stay stamped as they
        // arrived.)
        var gaps = captured.Zip(captured.Skip(1), (earlier, later) => Math.Round((later - earlier).TotalSeconds, 3)).ToList();
        Assert.True(gaps[^10..].All(gap => gap is >= 0.15 and <= 0.25), "gaps between captures: " + string.Join(", ", gaps));
    }

    [Fact]
    public async Task AMultipartMjpegCamera_KeepsItsFramesSpacing_ThoughFfmpegMakesUpItsTimestamps()
    {
        // A cheap IP camera's videostream.cgi: JPEG after JPEG at 5 fps with no timestamps, which ffmpeg numbers at 25 fps.
        // Taken as the camera's, they put frames 0.04 s apart and made every vehicle five times as fast.
        using var photo = TestAssets.SampleImage("images/zidane.jpg");
        using var small = photo.Resize(new Size(320, 180));
        Cv2.ImEncode(".jpg", small, out var jpeg);
        using var server = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        server.Start();
        var serving = ServeMultipartAsync(server, jpeg, frames: 50, interval: TimeSpan.FromSeconds(0.2));
        var captured = await CaptureTimesAsync(server, "videostream.cgi", serving);

        // The last 40 frames, after ffmpeg has learnt the stream: their times span what the camera took to send them.
        var span = (captured[^1] - captured[^40]).TotalSeconds;
        Assert.InRange(span, 39 * 0.2 * 0.8, 39 * 0.2 * 1.2);
    }

    /// <summary>
    /// The capture time of each frame read from <paramref name="path"/> on the loopback server until the stream ends,
    /// in order. Read straight from the stream reader, taken as soon as they come: a detector behind it would set the
    /// pace of reading on a loaded machine, and the test would measure that instead.
    /// </summary>
    private static async Task<List<DateTimeOffset>> CaptureTimesAsync(System.Net.Sockets.TcpListener server, string path, Task serving)
    {
        var uri = $"http://127.0.0.1:{((System.Net.IPEndPoint)server.LocalEndpoint).Port}/{path}";
        using var reader = new FfmpegStreamReader(uri, "network", 80, TimeProvider.System, CancellationToken.None);
        var captured = new List<DateTimeOffset>();
        await foreach (var (_, capturedAt) in reader.Frames.ReadAllAsync().WithCancellation(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token))
        {
            reader.Consumed();
            captured.Add(capturedAt);
        }

        await serving;
        return captured;
    }

    /// <summary>One HTTP/1.0 answer streaming <paramref name="frames"/> copies of a JPEG as multipart/x-mixed-replace, one an interval.</summary>
    private static async Task ServeMultipartAsync(System.Net.Sockets.TcpListener server, byte[] jpeg, int frames, TimeSpan interval)
    {
        using var client = await AcceptRequestAsync(server);
        await using var stream = client.GetStream();

        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes("HTTP/1.0 200 OK\r\nContent-Type: multipart/x-mixed-replace; boundary=frame\r\n\r\n"));
        for (var frame = 0; frame < frames; frame++)
        {
            await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"--frame\r\nContent-Type: image/jpeg\r\nContent-Length: {jpeg.Length}\r\n\r\n"));
            await stream.WriteAsync(jpeg);
            await stream.WriteAsync("\r\n"u8.ToArray());
            await stream.FlushAsync();
            await Task.Delay(interval);
        }
    }

    /// <summary>
    /// One HTTP/1.0 answer with a Matroska clip of one cluster a frame: the first <paramref name="liveFrames"/> frames at
    /// the clip's own pace (0.2 s), then nothing for <paramref name="stall"/>, then the rest at once.
    /// </summary>
    private static async Task ServeLiveWithStallAsync(System.Net.Sockets.TcpListener server, byte[] clip, int liveFrames, TimeSpan stall)
    {
        ReadOnlySpan<byte> clusterId = [0x1F, 0x43, 0xB6, 0x75];
        var clusters = new List<int>();
        for (var at = clip.AsSpan().IndexOf(clusterId); at >= 0;)
        {
            clusters.Add(at);
            var next = clip.AsSpan(at + 4).IndexOf(clusterId);
            at = next < 0 ? -1 : at + 4 + next;
        }

        using var client = await AcceptRequestAsync(server);
        await using var stream = client.GetStream();

        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes("HTTP/1.0 200 OK\r\nContent-Type: video/x-matroska\r\n\r\n"));
        await stream.WriteAsync(clip.AsMemory(0, clusters[0]));
        for (var frame = 0; frame < liveFrames; frame++)
        {
            await stream.WriteAsync(clip.AsMemory(clusters[frame], clusters[frame + 1] - clusters[frame]));
            await stream.FlushAsync();
            await Task.Delay(TimeSpan.FromSeconds(0.2));
        }

        await Task.Delay(stall);
        await stream.WriteAsync(clip.AsMemory(clusters[liveFrames]));
    }

    [Fact]
    public async Task AStreamStillOpening_DoesNotHoldTheCamerasStop()
    {
        // A camera that accepts the connection and never answers: opening waits for the stream's time-out.
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
        var options = new CameraSourceOptions { Uri = $"rtsp://127.0.0.1:{port}/stream1" };
        var definition = new CameraDefinition { Id = "silent", Name = "silent", ExpectedFramesPerSecond = 10, Source = options };
        var camera = new CameraPipeline(definition, fixture.Standard, new TrackerOptions(), _metrics);
        using var stop = new CancellationTokenSource();
        var source = new VideoSource(options, camera, _folder, TimeProvider.System).RunAsync(stop.Token);
        var accepting = silent.AcceptTcpClientAsync();
        await Task.WhenAny(accepting, source, Task.Delay(TimeSpan.FromSeconds(20)));
        Assert.False(source.IsCompleted, source.Exception?.ToString());
        using var accepted = await accepting.WaitAsync(TimeSpan.FromSeconds(1));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => source.WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"the stop waited {clock.Elapsed.TotalSeconds:F1} s for the stream to open");
    }

    private static void RunFfmpeg(params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, errors);
    }

    /// <summary>Accepts the source's connection and reads its HTTP request up to the blank line, ready for the answer.</summary>
    private static async Task<System.Net.Sockets.TcpClient> AcceptRequestAsync(System.Net.Sockets.TcpListener server)
    {
        var client = await server.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var stream = client.GetStream();
        var request = new byte[8192];
        var received = 0;
        while (!System.Text.Encoding.ASCII.GetString(request, 0, received).Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(request.AsMemory(received));
            Assert.True(read > 0, "the source closed the connection before its request ended");
            received += read;
        }

        return client;
    }

    /// <summary>One HTTP/1.0 answer with the clip, to the first request.</summary>
    private static async Task ServeOnceAsync(System.Net.Sockets.TcpListener server, byte[] clip)
    {
        using var client = await AcceptRequestAsync(server);
        await using var stream = client.GetStream();

        var header = $"HTTP/1.0 200 OK\r\nContent-Type: video/x-msvideo\r\nContent-Length: {clip.Length}\r\n\r\n";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(header));
        await stream.WriteAsync(clip);
    }

    [Theory]
    [InlineData("rtsp://admin:Hue-2026@10.0.5.21:554/stream1", "rtsp://***@10.0.5.21:554/stream1")]
    [InlineData("rtsp://admin:Hue@2026@10.0.5.21:554/stream1", "rtsp://***@10.0.5.21:554/stream1")]
    [InlineData("rtsp://admin@10.0.5.21/stream1?channel=1", "rtsp://***@10.0.5.21/stream1?channel=1")]
    [InlineData("http://10.0.5.22/videostream.cgi?user=admin&pwd=Hue-2026&rate=0", "http://10.0.5.22/videostream.cgi?user=***&pwd=***&rate=0")]
    [InlineData("rtsp://10.0.5.21/stream1", "rtsp://10.0.5.21/stream1")]
    [InlineData("videos/junction.mp4", "videos/junction.mp4")]
    public void ASourcesAddress_IsShownInErrorsWithoutItsPassword(string uri, string shown) =>
        Assert.Equal(shown, SourceUri.Redacted(uri));

    private static string WriteClip(string path, int frames)
    {
        using var photo = TestAssets.SampleImage("images/zidane.jpg");
        using var small = photo.Resize(new Size(320, 180));
        using (var writer = new VideoWriter(path, FourCC.MJPG, 10, small.Size()))
        {
            for (var k = 0; k < frames; k++)
            {
                writer.Write(small);
            }
        }

        return path;
    }

    public void Dispose()
    {
        _metrics.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
