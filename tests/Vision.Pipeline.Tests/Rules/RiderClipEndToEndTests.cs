using OpenCvSharp;
using Vision.Domain.Violations;
using Vision.Pipeline.Cameras;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Rules;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.Scenes;
using Vision.Pipeline.Tests.Support;
using Vision.Pipeline.Tests.Support.Rendering;
using Vision.Pipeline.Tracking;
using Xunit.Abstractions;

namespace Vision.Pipeline.Tests.Rules;

/// <summary>
/// The rendered rider clip through the real camera pipeline (416 stream detector at 0.1, road users, tracker, lights,
/// rules) twice: as the camera's first frames, and after <see cref="LeadIn"/> frames of the empty road.
/// </summary>
public sealed class RiderClipFixture : IAsyncLifetime
{
    public const int LeadIn = 12;

    public IReadOnlyList<byte[]> Frames { get; private set; } = [];

    public RenderedClipFixture.Replay First { get; private set; } = null!;

    public RenderedClipFixture.Replay AfterOtherFrames { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Frames = RiderClip.Render();
        using var background = StreetClip.Background();
        StreetClip.PaintLight(background, red: true);
        Cv2.ImEncode(".jpg", background, out var emptyRoad, new ImageEncodingParam(ImwriteFlags.JpegQuality, 90));
        using var detector = new ObjectDetector(
            new DetectorOptions { ModelPath = "yolox_nano_coco_416.onnx", ConfidenceThreshold = 0.1f }, TestAssets.ModelDirectory);
        First = await RunAsync(detector, Frames, 0);
        AfterOtherFrames = await RunAsync(detector, [.. Enumerable.Repeat(emptyRoad, LeadIn), .. Frames], LeadIn);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Frame k of the clip is sequence k + <paramref name="lead"/> at clip time k (the lead-in precedes it).</summary>
    private static async Task<RenderedClipFixture.Replay> RunAsync(ObjectDetector detector, IReadOnlyList<byte[]> frames, int lead)
    {
        var scene = new SceneLoader(detector.Classes, helmetModelAvailable: false).Parse(RiderClip.SceneJson, "rendered-riders.json");
        Assert.Empty(scene.Problems);
        var definition = new CameraDefinition { Id = "riders", Name = "rendered riders", ExpectedFramesPerSecond = 10, IngestQueueCapacity = 4 };
        var sink = new CollectingViolationSink();
        var factory = new RuleStageFactory(new Dictionary<string, Scene> { ["riders"] = scene.Scene! }, RuleScript.Legal);
        var recorder = new RecordingConsumer();
        using var metrics = new PipelineMetrics();
        var camera = new CameraPipeline(definition, detector, new TrackerOptions(), metrics, [recorder], stages: new WiredStages(camera => [factory.Create(camera, sink)]));
        var running = camera.RunAsync(CancellationToken.None);
        for (var i = 0; i < frames.Count; i++)
        {
            Assert.Equal(IngestOutcome.Accepted,
                await camera.IngestAsync(new EncodedFrame("riders", i, RiderClip.CapturedAt(i - lead), frames[i]), CancellationToken.None));
        }

        camera.CompleteIngest();
        await running;
        Assert.Equal(frames.Count, camera.Counters.Processed);
        return new RenderedClipFixture.Replay(recorder.Results.Skip(lead).ToList(), sink.Violations);
    }
}

public sealed class RiderClipEndToEndTests(RiderClipFixture clip, ITestOutputHelper output) : IClassFixture<RiderClipFixture>
{
    [Fact]
    public void RiderClip_RaisesExactlyTheViolationsOfTheRiders_AndTheFastCar_AndNothingElse()
    {
        var violations = clip.First.Violations;
        foreach (var v in violations)
        {
            output.WriteLine($"{v.Kind} track {v.TrackId} {v.ObjectClass} frame {v.Sequence} zone {v.ZoneName} {v.Legal} {string.Join(", ", v.Measurements)}");
        }

        var redLightRider = MainTrackOf(RiderClip.RedLightRider);
        var sidewalkRider = MainTrackOf(RiderClip.SidewalkRider);
        var wrongWayRider = MainTrackOf(RiderClip.WrongWayRider);
        var car = MainTrackOf(RiderClip.SpeedingCar);
        var overloaded = MainTrackOf(RiderClip.OverloadedMotorbike);
        Assert.Equal(
            [
                (ViolationKind.Sidewalk, sidewalkRider, "motorcycle", "west sidewalk", "7.7.a"),
                (ViolationKind.RedLight, redLightRider, "motorcycle", "right-lane stop line", "7.7.c"),
                (ViolationKind.WrongWay, wrongWayRider, "motorcycle", "southbound", "7.7.a"),
                (ViolationKind.Speeding, car, "car", null, "6.5.đ"),
                (ViolationKind.MotorbikeOverloaded, overloaded, "motorcycle", null, "7.2.g"),
            ],
            violations.Select(v => (v.Kind, v.TrackId, v.ObjectClass, v.ZoneName, v.Legal?.Code)).ToArray());

        // Rider A's anchor is first clearly past the stop line (y < 280 - 5.6) at frame 23: 545 - 12 f < 274.4.
        Assert.InRange(violations[1].Sequence, 23, 25);
        // 1.5 s on the sidewalk, counted from the first frame the road user was seen there.
        Assert.Equal(15, violations[0].Sequence - FirstSeenFrame(sidewalkRider));
        // The hatchback is measured in its 1.5 s pass, within 3 % of its true 64.8 km/h.
        var speed = violations[3].Measurements.Single(m => m.Name == "speed").Value;
        Assert.InRange(speed, RiderClip.SpeedingCarKmh * 0.97, RiderClip.SpeedingCarKmh * 1.03);
        Assert.InRange(violations[3].Sequence, RiderClip.SpeedingCar.FirstFrame, RiderClip.SpeedingCar.LastFrame);
        Assert.Equal(3, violations[4].Measurements.Single(m => m.Name == "people_on_motorbike").Value);
    }

    [Fact]
    public void RiderClip_RidersAndMotorbikes_AreOneRoadUserEach_AndThePedestrianStaysAPedestrian()
    {
        foreach (var path in new[] { RiderClip.RedLightRider, RiderClip.SidewalkRider, RiderClip.WrongWayRider, RiderClip.OverloadedMotorbike })
        {
            var track = MainTrackOf(path);
            var snapshots = SnapshotsOf(track).ToList();
            Assert.All(snapshots, s => Assert.Equal("motorcycle", ObjectClasses.Coco.NameOf(s.ClassId)));
            Assert.Contains(snapshots, s => s.Riders >= 1);
        }

        for (var frame = RiderClip.Pedestrian.FirstFrame; frame <= RiderClip.Pedestrian.LastFrame; frame++)
        {
            var (x, bottom) = RiderClip.Pedestrian.At(frame)!.Value;
            Assert.DoesNotContain(clip.First.Results[frame].Tracks, t => t.State == TrackState.Tracked && t.Family == ClassFamily.Vehicle
                && Math.Abs(t.Box.CenterX - x) < 40 && Math.Abs(t.Box.Bottom - bottom) < 30);
        }
    }

    [Fact]
    public void RiderClip_AfterOtherFrames_GivesTheSameViolationsAtTheSameFrames()
    {
        Assert.Equal(
            clip.First.Violations.Select(v => (v.Kind, v.ObjectClass, v.ZoneName, v.Sequence + RiderClipFixture.LeadIn, v.Legal?.Code)),
            clip.AfterOtherFrames.Violations.Select(v => (v.Kind, v.ObjectClass, v.ZoneName, v.Sequence, v.Legal?.Code)));
        Assert.Equal(5, clip.AfterOtherFrames.Violations.Count);
    }

    /// <summary>The vehicle track that covers the scripted path in most of its frames (box bottom within 25 px, centre within 45 px).</summary>
    private long MainTrackOf(RiderClip.Path path)
    {
        var ids = new List<long>();
        for (var frame = path.FirstFrame; frame <= path.LastFrame; frame++)
        {
            var (x, bottom) = path.At(frame)!.Value;
            ids.AddRange(clip.First.Results[frame].Tracks
                .Where(t => RuleFrame.IsSeen(t) && t.Family == ClassFamily.Vehicle && Math.Abs(t.Box.Bottom - bottom) < 25 && Math.Abs(t.Box.CenterX - x) < 45)
                .Select(t => t.TrackId));
        }

        var main = ids.GroupBy(id => id).OrderByDescending(g => g.Count()).First();
        output.WriteLine($"path from frame {path.FirstFrame}: track {main.Key} in {main.Count()} of {path.LastFrame - path.FirstFrame + 1} frames");
        return main.Key;
    }

    private IEnumerable<TrackSnapshot> SnapshotsOf(long trackId) =>
        clip.First.Results.SelectMany(r => r.Tracks).Where(t => t.TrackId == trackId && RuleFrame.IsSeen(t));

    private long FirstSeenFrame(long trackId) =>
        clip.First.Results.First(r => r.Tracks.Any(t => t.TrackId == trackId)).Sequence;
}
