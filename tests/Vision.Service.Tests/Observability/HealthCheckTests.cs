using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Vision.Pipeline.Cameras;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.Tests.Support;
using Vision.Pipeline.Tracking;
using Vision.Service.HealthChecks;
using Vision.Service.Tests.Support;
using Vision.Storage;

namespace Vision.Service.Tests.Observability;

/// <summary>Each health check's states with the real parts: the real detector, a real SQLite store, real camera pipelines, a fake clock.</summary>
public sealed class HealthCheckTests(DetectorFixture detectors) : IClassFixture<DetectorFixture>
{
    private static readonly HealthOptions Options = new()
    {
        DetectorProbeInterval = TimeSpan.FromSeconds(30),
        CameraDegradedAfter = TimeSpan.FromSeconds(30),
    };

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 5, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Detector_AnswersARealInference_AndProbesWithinTheIntervalReuseItsAnswer()
    {
        var check = new DetectorHealthCheck([("photo", detectors.Standard)], Options, _time);

        var first = await CheckAsync(check);
        _time.Advance(TimeSpan.FromSeconds(29));
        var cached = await CheckAsync(check);

        Assert.Equal(HealthStatus.Healthy, first.Status);
        Assert.Equal(detectors.Standard.Model.Name, first.Data["photo_model"]);
        Assert.IsType<double>(first.Data["photo_inference_ms"]);
        Assert.Equal(1, check.InferencesRun);
        Assert.Equal(first.Data["probed_at"], cached.Data["probed_at"]);

        _time.Advance(TimeSpan.FromSeconds(1));
        var fresh = await CheckAsync(check);

        Assert.Equal((HealthStatus.Healthy, 2), (fresh.Status, check.InferencesRun));
        Assert.Equal(_time.GetUtcNow().ToString("O"), fresh.Data["probed_at"]);
    }

    [Fact]
    public async Task Detector_ThatCannotRunAnInference_IsUnhealthy_WithTheReason()
    {
        var broken = new ObjectDetector(new DetectorOptions { ModelPath = "yolox_nano_coco_416.onnx" }, TestAssets.ModelDirectory);
        broken.Dispose();
        var check = new DetectorHealthCheck([("photo", detectors.Standard), ("stream", broken)], Options, _time);

        var result = await CheckAsync(check);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.StartsWith($"The stream detector ({broken.Model.Name}) failed an inference:", result.Description, StringComparison.Ordinal);
        Assert.IsType<ObjectDisposedException>(result.Exception);
    }

    [Fact]
    public async Task Store_ThatAnswers_IsHealthy_WithItsSchemaVersion_AndOneThatCannotOpen_IsUnhealthy()
    {
        var folder = Directory.CreateTempSubdirectory("vision-health-store-").FullName;
        try
        {
            var database = new ViolationDatabase(new SqliteDialect(Path.Combine(folder, "vision.db"), TimeSpan.FromSeconds(5)), _time, NullLogger<ViolationDatabase>.Instance);
            var version = await database.MigrateAsync(CancellationToken.None);
            var unreachable = new ViolationDatabase(new SqliteDialect(Path.Combine(folder, "gone", "vision.db"), TimeSpan.FromSeconds(5)), _time,
                NullLogger<ViolationDatabase>.Instance);

            var healthy = await CheckAsync(new StoreHealthCheck(database, Options));
            var unhealthy = await CheckAsync(new StoreHealthCheck(unreachable, Options));

            Assert.Equal((HealthStatus.Healthy, (long)version, "Sqlite"), (healthy.Status, healthy.Data["schema_version"], healthy.Data["provider"]));
            Assert.Equal(HealthStatus.Unhealthy, unhealthy.Status);
            Assert.StartsWith("The store does not answer:", unhealthy.Description, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Cameras_OneThatStopsSendingDegrades_AfterTheBound_AndNoneSendingStaysDegraded()
    {
        var (gate, lane) = (Camera("gate"), Camera("lane"));
        await using var running = Run(gate, lane);
        var check = new CameraFreshnessHealthCheck([gate, lane], Options, _time);
        Task Send(CameraPipeline camera) => SendAndProcessAsync(camera);

        // Nothing yet, but the service has only just started.
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(check)).Status);

        await Send(gate);
        await Send(lane);
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(check)).Status);

        // The lane camera falls silent; the gate camera goes on.
        await Send(gate);
        _time.Advance(TimeSpan.FromSeconds(1));
        var degraded = await CheckAsync(check);
        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Equal("1 of 2 cameras had no frame within 30 s: lane.", degraded.Description);
        Assert.Equal((1.0, 31.0), (degraded.Data["gate"], degraded.Data["lane"]));

        // Then the gate camera stops too, for an hour: silent gateways degrade camera ingest, never make it unhealthy.
        _time.Advance(TimeSpan.FromHours(1));
        var silent = await CheckAsync(check);
        Assert.Equal(HealthStatus.Degraded, silent.Status);
        Assert.Equal("No camera (2) had a frame within 30 s.", silent.Description);

        // One frame brings the camera side back to degraded (the other is still silent), then to healthy.
        await Send(lane);
        Assert.Equal(HealthStatus.Degraded, (await CheckAsync(check)).Status);
        await Send(gate);
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(check)).Status);
    }

    [Fact]
    public async Task Cameras_ACameraTakenOverLater_CountsFromItsTakeover_AndOneHandedOverIsNoLongerJudged()
    {
        // A cluster node: the cameras it runs change as leases move.
        var (gate, lane) = (Camera("gate"), Camera("lane"));
        await using var pipelines = Run(gate, lane);
        List<CameraPipeline> running = [gate];
        var check = new CameraFreshnessHealthCheck(() => running, Options, _time);
        Task Send(CameraPipeline camera) => SendAndProcessAsync(camera);

        await Send(gate);
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(check)).Status);

        // An hour later the node takes the lane camera over; its gateway has not reached this node yet.
        _time.Advance(TimeSpan.FromHours(1));
        await Send(gate);
        running = [gate, lane];
        var takenOver = await CheckAsync(check);
        Assert.Equal((HealthStatus.Healthy, 0.0), (takenOver.Status, takenOver.Data["lane"]));
        _time.Advance(TimeSpan.FromSeconds(31));
        await Send(gate);
        Assert.Equal("1 of 2 cameras had no frame within 30 s: lane.", (await CheckAsync(check)).Description);

        // The lane camera is handed over to another node: no longer this node's to judge.
        running = [gate];
        var handedOver = await CheckAsync(check);
        Assert.Equal(HealthStatus.Healthy, handedOver.Status);
        Assert.False(handedOver.Data.ContainsKey("lane"));

        running = [];
        Assert.Equal((HealthStatus.Healthy, "No camera runs on this node."), ((await CheckAsync(check)).Status, (await CheckAsync(check)).Description));
    }

    [Fact]
    public async Task Cameras_OneTakingFramesButProcessingNone_IsDegraded_NamingIt()
    {
        // The gate camera's stages never finish a frame (a hung detector, a stage failing on every frame): its frames
        // are still accepted, which alone called it healthy.
        var (gate, lane) = (Camera("gate"), Camera("lane"));
        await using var running = Run(lane);
        var check = new CameraFreshnessHealthCheck([gate, lane], Options, _time);
        for (var second = 0; second < 31; second++)
        {
            Assert.Equal(IngestOutcome.Accepted, gate.TryIngest(new EncodedFrame(gate.Id, _sequence++, _time.GetUtcNow(), VtestFrames.Get(second))));
            await SendAndProcessAsync(lane);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        var stalled = await CheckAsync(check);

        Assert.Equal(HealthStatus.Degraded, stalled.Status);
        Assert.Equal("1 of 2 cameras took frames but processed none within 30 s: gate.", stalled.Description);
        Assert.Equal(31.0, stalled.Data[CameraFreshnessHealthCheck.StalledKey + "gate"]);
        Assert.False(stalled.Data.ContainsKey(CameraFreshnessHealthCheck.StalledKey + "lane"));
    }

    [Fact]
    public async Task Cameras_OneWhoseFramesAreAllRefused_IsNamedWithWhy_NotJustAsSilent()
    {
        // An RTSP camera at night: its noisy 4K frames are over the camera's MaxFrameBytes. Its own source has no one to
        // answer, so the refusals were only counted while this check said the camera sent nothing.
        var (gate, lane) = (Camera("gate"), Camera("lane"));
        await using var running = Run(lane);
        var check = new CameraFreshnessHealthCheck([gate, lane], Options, _time);
        for (var second = 0; second < 31; second++)
        {
            var tooLarge = new byte[gate.Definition.MaxFrameBytes + 1];
            Assert.Equal(IngestOutcome.TooLarge, gate.TryIngest(new EncodedFrame(gate.Id, _sequence++, _time.GetUtcNow(), tooLarge)));
            await SendAndProcessAsync(lane);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        var refused = await CheckAsync(check);

        Assert.Equal(HealthStatus.Degraded, refused.Status);
        var detail = $"the frame holds {gate.Definition.MaxFrameBytes + 1} bytes; the camera takes at most {gate.Definition.MaxFrameBytes} (MaxFrameBytes)";
        Assert.Equal($"1 of 2 cameras had no frame within 30 s: gate. gate refuses its frames (TooLarge): {detail}", refused.Description);
        Assert.Equal(detail, refused.Data[CameraFreshnessHealthCheck.RefusedKey + "gate"]);
    }

    [Fact]
    public async Task Cameras_OneWhoseFramesAreRefusedForTheirCaptureTimeAtTheEdge_IsNamedWithWhy()
    {
        // A gateway stamping Huế's wall time as UTC: the ingest service refuses every frame as seven hours ahead before
        // it reaches the camera's pipeline, and this check said only that the camera had no frame.
        var (gate, lane) = (Camera("gate"), Camera("lane"));
        await using var running = Run(lane);
        var check = new CameraFreshnessHealthCheck([gate, lane], Options, _time);
        var window = new Vision.Service.Grpc.CaptureTimeWindow(Microsoft.Extensions.Options.Options.Create(new Vision.Service.Grpc.CaptureTimeWindowOptions()), _time);
        string? detail = null;
        for (var second = 0; second < 31; second++)
        {
            detail = window.Refusal(Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(_time.GetUtcNow().AddHours(7)), out _);
            gate.CountRefused(_sequence++, IngestOutcome.CaptureTimeImplausible, detail);
            await SendAndProcessAsync(lane);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        var refused = await CheckAsync(check);

        Assert.StartsWith("captured 7 h 0 min ahead of the server's clock", detail, StringComparison.Ordinal);
        Assert.Equal($"1 of 2 cameras had no frame within 30 s: gate. gate refuses its frames (CaptureTimeImplausible): {detail}", refused.Description);
    }

    private long _sequence;

    /// <summary>A frame into the running camera, waited for until its stages have processed it.</summary>
    private async Task SendAndProcessAsync(CameraPipeline camera)
    {
        var processed = camera.Counters.Processed;
        Assert.Equal(IngestOutcome.Accepted, camera.TryIngest(new EncodedFrame(camera.Id, _sequence, _time.GetUtcNow(), VtestFrames.Get(_sequence++))));
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (camera.Counters.Processed == processed)
        {
            await Task.Delay(10, patience.Token);
        }
    }

    private static RunningCameras Run(params CameraPipeline[] cameras) => new(cameras, [.. cameras.Select(camera => camera.RunAsync(CancellationToken.None))]);

    private sealed record RunningCameras(CameraPipeline[] Cameras, Task[] Runs) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var camera in Cameras)
            {
                camera.CompleteIngest();
            }

            await Task.WhenAll(Runs);
        }
    }

    private CameraPipeline Camera(string id) =>
        new(new CameraDefinition { Id = id, Name = id, ExpectedFramesPerSecond = 10, IngestQueueCapacity = 64 }, detectors.Standard, new TrackerOptions(),
            new PipelineMetrics(), time: _time);

    private static Task<HealthCheckResult> CheckAsync(IHealthCheck check) =>
        check.CheckHealthAsync(new HealthCheckContext { Registration = new HealthCheckRegistration("test", check, null, null) });
}
