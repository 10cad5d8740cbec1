using OpenCvSharp;
using Vision.Pipeline.Cameras;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Rules;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.Scenes;
using Vision.Pipeline.Tests.Support;
using Vision.Pipeline.Tests.Support.Rendering;
using Vision.Pipeline.Tracking;
using Vision.Pipeline.Violations;
using Xunit.Abstractions;

namespace Vision.Pipeline.Tests.Rules;

/// <summary>The rendered junction clip twice through the real camera pipeline: real detector, tracker, light reading and rules.</summary>
public sealed class RenderedClipFixture : IAsyncLifetime
{
    public IReadOnlyList<byte[]> Frames { get; private set; } = [];

    public Replay First { get; private set; } = null!;

    public Replay Second { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Frames = StreetClip.Render();
        using var detector = new ObjectDetector(
            new DetectorOptions { ModelPath = "yolox_nano_coco_416.onnx", ConfidenceThreshold = 0.1f }, TestAssets.ModelDirectory);
        First = await RunAsync(detector, Frames);
        Second = await RunAsync(detector, Frames);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task<Replay> RunAsync(ObjectDetector detector, IReadOnlyList<byte[]> frames)
    {
        var scene = new SceneLoader(detector.Classes, helmetModelAvailable: false).Parse(StreetClip.SceneJson, "rendered-junction.json");
        Assert.Empty(scene.Problems);
        var definition = new CameraDefinition { Id = "rendered", Name = "rendered junction", ExpectedFramesPerSecond = 10, IngestQueueCapacity = 4 };
        var sink = new CollectingViolationSink();
        var factory = new RuleStageFactory(new Dictionary<string, Scene> { ["rendered"] = scene.Scene! }, RuleScript.Legal, sink);
        var recorder = new RecordingConsumer();
        using var metrics = new PipelineMetrics();
        var camera = new CameraPipeline(definition, detector, new TrackerOptions(), metrics, [recorder], consumerFactories: [factory]);
        var running = camera.RunAsync(CancellationToken.None);
        for (var i = 0; i < frames.Count; i++)
        {
            Assert.Equal(IngestOutcome.Accepted,
                await camera.IngestAsync(new EncodedFrame("rendered", i, StreetClip.CapturedAt(i), frames[i]), CancellationToken.None));
        }

        camera.CompleteIngest();
        await running;
        Assert.Equal(frames.Count, camera.Counters.Processed);
        return new Replay(recorder.Results, sink.Violations);
    }

    public sealed record Replay(IReadOnlyList<FrameResult> Results, IReadOnlyList<ViolationCandidate> Violations);
}

public sealed class RenderedClipEndToEndTests(RenderedClipFixture clip, ITestOutputHelper output) : IClassFixture<RenderedClipFixture>
{
    /// <summary>The frame car B's anchor is first clearly past the stop line (y &lt; 280 − 5.6): 545 − 12·(f − 42) &lt; 274.4.</summary>
    private const int CarBCrossingFrame = 65;

    /// <summary>Detected boxes differ from the pasted ones by a few pixels: ±2 frames at 12 px a frame.</summary>
    private const int FrameTolerance = 2;

    [Fact]
    public void Detector_SeesBothPastedCars_AsOneTrackEach()
    {
        var carATracks = TracksCovering(StreetClip.CarAFirstFrame, StreetClip.CarALastFrame);
        var carBTracks = TracksCovering(StreetClip.CarBFirstFrame, StreetClip.CarBLastFrame);
        output.WriteLine($"car A tracks {string.Join(",", carATracks)}, car B tracks {string.Join(",", carBTracks)}");

        Assert.Single(carATracks);
        Assert.Single(carBTracks);
        Assert.NotEqual(carATracks[0], carBTracks[0]);
    }

    [Fact]
    public void RenderedClip_RaisesExactlyOneRedLightViolation_ForTheCarThatCrossedOnRed()
    {
        foreach (var v in clip.First.Violations)
        {
            output.WriteLine($"{v.Kind} track {v.TrackId} {v.ObjectClass} frame {v.Sequence} zone {v.ZoneName} {v.Legal} {string.Join(", ", v.Measurements)}");
        }

        var violation = Assert.Single(clip.First.Violations);
        var carB = Assert.Single(TracksCovering(StreetClip.CarBFirstFrame, StreetClip.CarBLastFrame));
        Assert.Equal((ViolationKind.RedLight, carB, "car", "right-lane stop line"), (violation.Kind, violation.TrackId, violation.ObjectClass, violation.ZoneName));
        Assert.InRange(violation.Sequence, CarBCrossingFrame - FrameTolerance, CarBCrossingFrame + FrameTolerance);
        Assert.Equal("6.9.b", violation.Legal!.Code);
        // The painted light: green from frame 0, red from frame 30, each believed after three readings and dated from the first.
        Assert.Equal(
            [
                new Vision.Pipeline.TrafficLights.LightStateChange("right-lane", Vision.Pipeline.TrafficLights.TrafficLightState.Green, 0, StreetClip.CapturedAt(0)),
                new Vision.Pipeline.TrafficLights.LightStateChange("right-lane", Vision.Pipeline.TrafficLights.TrafficLightState.Red, StreetClip.RedFromFrame, StreetClip.CapturedAt(StreetClip.RedFromFrame)),
            ], violation.LightTimeline);
        Assert.Equal(clip.First.Results[0].Model, Assert.Single(violation.Models));
        Assert.Equal(violation.Sequence + 10, violation.KeyFrames.Single(k => k.Role == KeyFrameRole.After).Sequence);
    }

    [Fact]
    public void RenderedClip_ReplayedTwice_GivesIdenticalViolations()
    {
        Assert.Equal(
            System.Text.Json.JsonSerializer.Serialize(clip.First.Violations),
            System.Text.Json.JsonSerializer.Serialize(clip.Second.Violations));
        Assert.NotEmpty(clip.Second.Violations);
    }

    /// <summary>Track ids of tracked vehicles whose box bottom is within 15 px of where the car was painted, over its frames.</summary>
    private List<long> TracksCovering(int first, int last)
    {
        var ids = new List<long>();
        for (var frame = first; frame <= last; frame++)
        {
            var bottom = StreetClip.CarBottom(frame, first, last)!.Value;
            ids.AddRange(clip.First.Results[frame].Tracks
                .Where(t => t.State == TrackState.Tracked && t.Family == ClassFamily.Vehicle
                    && Math.Abs(t.Box.Bottom - bottom) < 15 && Math.Abs(t.Box.CenterX - StreetClip.LaneCentreX) < 30)
                .Select(t => t.TrackId));
        }

        // A track that covers at least 80 % of the car's frames.
        return ids.GroupBy(id => id).Where(g => g.Count() >= 0.8 * (last - first + 1)).Select(g => g.Key).ToList();
    }
}

/// <summary>A real sink that keeps every violation it is given, in order.</summary>
public sealed class CollectingViolationSink : IViolationSink
{
    private readonly List<ViolationCandidate> _violations = [];

    public IReadOnlyList<ViolationCandidate> Violations
    {
        get
        {
            lock (_violations)
            {
                return _violations.ToList();
            }
        }
    }

    public void Submit(ViolationCandidate candidate)
    {
        lock (_violations)
        {
            _violations.Add(candidate);
        }
    }
}
