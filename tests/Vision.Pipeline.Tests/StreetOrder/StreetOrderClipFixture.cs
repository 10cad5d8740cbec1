using Vision.Domain.StreetOrder;
using Vision.Domain.Violations;
using Vision.Pipeline.Cameras;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Rules;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.Scenes;
using Vision.Pipeline.StreetOrder;
using Vision.Pipeline.Tests.Rules;
using Vision.Pipeline.Tests.Support;
using Vision.Pipeline.Tests.Support.Rendering;
using Vision.Pipeline.Tracking;

namespace Vision.Pipeline.Tests.StreetOrder;

/// <summary>Every street-order clip through the real camera pipeline: real detector (service threshold 0.3), tracker, rules and street-order stage.</summary>
public sealed class StreetOrderClipFixture : IAsyncLifetime
{
    public Replay Stall { get; private set; } = null!;

    public Replay ParkingLot { get; private set; } = null!;

    public Replay Herd { get; private set; } = null!;

    public Scene Scene { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        using var detector = new ObjectDetector(new DetectorOptions { ModelPath = "yolox_nano_coco_416.onnx" }, TestAssets.ModelDirectory);
        var loaded = new SceneLoader(detector.Classes, helmetModelAvailable: false).Parse(StreetOrderClip.SceneJson, "rendered-street-order.json");
        Assert.Empty(loaded.Problems);
        Scene = loaded.Scene!;
        Stall = await RunAsync(detector, StreetOrderScenarios.SidewalkStall());
        ParkingLot = await RunAsync(detector, StreetOrderScenarios.SidewalkParkingLot());
        Herd = await RunAsync(detector, StreetOrderScenarios.HerdOnTheRoad());
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<Replay> RunAsync(ObjectDetector detector, StreetOrderClip.Scenario scenario)
    {
        var frames = StreetOrderClip.Render(scenario);
        var definition = new CameraDefinition
        {
            Id = "street", Name = "rendered street", ExpectedFramesPerSecond = 1 / scenario.Interval.TotalSeconds, IngestQueueCapacity = 4,
        };
        var sink = new CollectingSlowCaseSink();
        var occupancy = new CollectingOccupancySink();
        var scenes = new Dictionary<string, Scene> { ["street"] = Scene };
        var recorder = new RecordingConsumer();
        using var metrics = new PipelineMetrics();
        var camera = new CameraPipeline(definition, detector, new TrackerOptions(), metrics, [recorder],
            stages: new WiredStages(camera => [new RuleStageFactory(scenes, RuleScript.Legal).Create(camera, sink),
                new StreetOrderStageFactory(scenes, RuleScript.Legal, occupancy).Create(camera, sink)]));
        var running = camera.RunAsync(CancellationToken.None);
        for (var i = 0; i < frames.Count; i++)
        {
            Assert.Equal(IngestOutcome.Accepted, await camera.IngestAsync(new EncodedFrame("street", i, scenario.CapturedAt(i), frames[i]), CancellationToken.None));
        }

        camera.CompleteIngest();
        await running;
        Assert.Equal(frames.Count, camera.Counters.Processed);
        return new Replay(frames, recorder.Results, sink.Cases, occupancy.Reports);
    }

    public sealed record Replay(
        IReadOnlyList<byte[]> Frames,
        IReadOnlyList<FrameResult> Results,
        IReadOnlyList<(ViolationCandidate Candidate, IReadOnlyList<EncodedFrame> Frames)> Cases,
        IReadOnlyList<ZoneOccupancyHour> Occupancy);
}

/// <summary>Keeps every hourly occupancy report, in order.</summary>
public sealed class CollectingOccupancySink : IZoneOccupancySink
{
    private readonly List<ZoneOccupancyHour> _reports = [];

    public IReadOnlyList<ZoneOccupancyHour> Reports
    {
        get
        {
            lock (_reports)
            {
                return [.. _reports];
            }
        }
    }

    public void Report(ZoneOccupancyHour hour)
    {
        lock (_reports)
        {
            _reports.Add(hour);
        }
    }
}
