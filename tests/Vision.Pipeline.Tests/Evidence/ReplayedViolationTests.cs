using Microsoft.Extensions.Logging.Abstractions;
using OpenCvSharp;
using Vision.Domain.Geometry;
using Vision.Domain.Inference;
using Vision.Domain.Violations;
using Vision.Evidence.Verification;
using Vision.Pipeline.Cameras;
using Vision.Pipeline.Evidence;
using Vision.Pipeline.Inference;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Privacy;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.Tests.Support;
using Vision.Pipeline.Tracking;

namespace Vision.Pipeline.Tests.Evidence;

/// <summary>
/// The live path end to end: vtest.avi replayed through a real camera pipeline; a scripted rule raises a violation on a
/// real track; the evidence recorder waits for the frames after it, builds the package off the camera loop and hands
/// it to the violation recorder.
/// </summary>
[Collection(DetectorCollection.Name)]
public sealed class ReplayedViolationTests(DetectorFixture detectors)
{
    private const int FrameCount = 90;
    private const long ViolationSequence = 40;
    private static readonly Lazy<List<byte[]>> VtestJpegs = new(ReadVtest);

    [Fact]
    public async Task ViolationOnAReplayedTrack_GetsAVerifiedPackage_WithIncreasingKeyFramesAndTheWholeClip()
    {
        using var faces = new FaceDetector(new FaceDetectorOptions(), TestAssets.ModelDirectory);
        using var workspace = new EvidenceWorkspace(new EvidenceRedaction(new PrivacyRedactor(faces), detectors.Standard, plateLocator: null), time: TimeProvider.System);
        using var violations = new RecordingViolationRecorder();
        var recorder = new EvidenceRecorder(workspace.Builder, violations, workspace.Options, TimeProvider.System, NullLogger<EvidenceRecorder>.Instance);
        var rule = new ScriptedRule(recorder.Submit, ViolationSequence, detectors.Standard.Classes);
        using var stop = new CancellationTokenSource();
        var building = recorder.RunAsync(stop.Token);

        var camera = await ReplayAsync(FrameCount, new WiredStages(camera => [recorder.Open(camera), rule]));
        await violations.WaitForAsync(1, TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        await building;

        var (violation, evidence) = Assert.Single(violations.Recorded);
        Assert.Same(rule.Raised, violation);
        Assert.NotNull(evidence);
        var folder = workspace.Store.Locate(evidence.PackageId)!;
        using var trusted = workspace.Key.CreateVerifier();
        var verification = PackageVerifier.Verify(folder, trusted);
        Assert.True(verification.IsValid, string.Join("; ", verification.Problems));
        Assert.Equal(evidence.ManifestSha256, verification.ManifestSha256);
        var manifest = verification.Manifest!;
        Assert.Equal((1L, 0L), (recorder.Built, recorder.RecordedWithoutEvidence));

        // Key frames before, at and after the violation: counters and capture times increase, bytes are the camera's.
        Assert.Equal(["Before", "At", "After"], manifest.KeyFrames.Select(k => k.Role));
        Assert.Equal([30L, 40L, 50L], manifest.KeyFrames.Select(k => k.Sequence));
        Assert.True(manifest.KeyFrames.Zip(manifest.KeyFrames.Skip(1)).All(pair => pair.First.CapturedAtUtc < pair.Second.CapturedAtUtc));
        foreach (var keyFrame in manifest.KeyFrames)
        {
            Assert.Equal(VtestJpegs.Value[(int)keyFrame.Sequence], File.ReadAllBytes(Path.Combine(folder, keyFrame.File)));
        }

        // The clip: 3 s each side at 10 frames/s = frames 10..70, and OpenCV decodes all 61 back.
        Assert.Equal((61, 10L, 70L), (manifest.Clip!.FrameCount, manifest.Clip.FirstSequence, manifest.Clip.LastSequence));
        Assert.Equal(61, EvidencePackageTests.CountDecodedFrames(Path.Combine(folder, "clip.mp4"), 768, 576));

        // The track is the pipeline's own: its box at the violation frame and its path up to it.
        Assert.Equal(rule.Raised!.TrackId, manifest.Vehicle.TrackId);
        Assert.Equal("car", manifest.Vehicle.ObjectClass);
        Assert.Equal(ViolationSequence, manifest.Vehicle.Path[^1].Sequence);
        Assert.Equal(camera.Definition.Name, manifest.Camera.Name);
        using var overview = Cv2.ImRead(Path.Combine(folder, "overview.jpg"));
        Assert.Equal((768, 576), (overview.Width, overview.Height));

        // The redacted copy: every key frame, the overview and the clip, pedestrians' faces and the other parked cars obscured.
        Assert.Equal(5, manifest.Files.Count(f => f.Name.StartsWith("redacted/", StringComparison.Ordinal)));
        Assert.Equal(61, manifest.Redaction!.ClipFramesRedacted);
        Assert.Equal(61, EvidencePackageTests.CountDecodedFrames(Path.Combine(folder, "redacted", "clip.mp4"), 768, 576));
        Assert.True(manifest.Redaction!.OtherRegionsObscured > 0);
        foreach (var keyFrame in manifest.KeyFrames)
        {
            using var redacted = Cv2.ImRead(Path.Combine(folder, "redacted", keyFrame.File));
            Assert.Empty(faces.Detect(redacted));
        }
    }

    [Fact]
    public async Task CameraThatStopsRightAfterAViolation_StillGetsAPackage_FromTheFramesItHas()
    {
        using var workspace = new EvidenceWorkspace(options: new EvidenceOptions { MaxWaitForFrames = TimeSpan.FromSeconds(1) }, time: TimeProvider.System);
        using var violations = new RecordingViolationRecorder();
        var recorder = new EvidenceRecorder(workspace.Builder, violations, workspace.Options, TimeProvider.System, NullLogger<EvidenceRecorder>.Instance);
        var rule = new ScriptedRule(recorder.Submit, 44, detectors.Standard.Classes);
        using var stop = new CancellationTokenSource();
        var building = recorder.RunAsync(stop.Token);

        await ReplayAsync(45, new WiredStages(camera => [recorder.Open(camera), rule]));
        await violations.WaitForAsync(1, TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        await building;

        var evidence = Assert.Single(violations.Recorded).Evidence;
        Assert.NotNull(evidence);
        using var trusted = workspace.Key.CreateVerifier();
        var manifest = PackageVerifier.Verify(workspace.Store.Locate(evidence.PackageId)!, trusted).Manifest!;
        // No frame after the violation exists: the clip ends at it, and the key frames are before and at it.
        Assert.Equal((31, 14L, 44L), (manifest.Clip!.FrameCount, manifest.Clip.FirstSequence, manifest.Clip.LastSequence));
        Assert.Equal(["Before", "At"], manifest.KeyFrames.Select(k => k.Role));
    }

    [Fact]
    public async Task ViolationOfAnUnknownCamera_IsRecordedWithoutEvidence()
    {
        using var workspace = new EvidenceWorkspace(time: TimeProvider.System);
        using var violations = new RecordingViolationRecorder();
        var recorder = new EvidenceRecorder(workspace.Builder, violations, workspace.Options, TimeProvider.System, NullLogger<EvidenceRecorder>.Instance);
        using var stop = new CancellationTokenSource();
        var building = recorder.RunAsync(stop.Token);
        var frames = EvidenceSamples.PhotoFrames("images/vn_car_3.jpg", 1);
        var candidate = EvidenceSamples.RedLight(frames[0], new BoundingBox(10, 10, 200, 200), []);

        recorder.Submit(candidate);
        await violations.WaitForAsync(1, TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await building;

        Assert.Equal((candidate, (EvidenceReference?)null), Assert.Single(violations.Recorded));
        Assert.Equal(1, recorder.RecordedWithoutEvidence);
    }

    private async Task<CameraPipeline> ReplayAsync(int frames, ICameraStages stages)
    {
        var definition = new CameraDefinition
        {
            Id = "replay",
            Name = "Cổng Thượng Tứ (replay of vtest.avi)",
            ExpectedFramesPerSecond = 10,
            Latitude = 16.4700,
            Longitude = 107.5790,
        };
        using var metrics = new PipelineMetrics();
        var camera = new CameraPipeline(definition, detectors.Standard, new TrackerOptions(), metrics, stages: stages);
        var running = camera.RunAsync(CancellationToken.None);
        for (var i = 0; i < frames; i++)
        {
            await camera.IngestAsync(new EncodedFrame(definition.Id, i, ClipReplay.ReplayStart + TimeSpan.FromMilliseconds(100 * i), VtestJpegs.Value[i]),
                CancellationToken.None);
        }

        camera.CompleteIngest();
        await running;
        Assert.Equal(frames, camera.Counters.Processed);
        return camera;
    }

    private static List<byte[]> ReadVtest()
    {
        using var capture = new VideoCapture(TestAssets.Sample("video/vtest.avi"));
        using var image = new Mat();
        var frames = new List<byte[]>();
        while (frames.Count < FrameCount && capture.Read(image) && !image.Empty())
        {
            frames.Add(image.ImEncode(".jpg", new ImageEncodingParam(ImwriteFlags.JpegQuality, 90)));
        }

        return frames;
    }

    /// <summary>A stand-in rule (the real rules are another component): at one frame, raises a violation on the longest-tracked tracked track.</summary>
    private sealed class ScriptedRule(Action<ViolationCandidate> submit, long atSequence, ObjectClasses classes) : IFrameResultConsumer
    {
        private readonly Dictionary<long, List<TrackPoint>> _paths = [];

        public ViolationCandidate? Raised { get; private set; }

        public void Consume(FrameResult result, FramePixels pixels)
        {
            foreach (var track in result.Tracks.Where(t => t.State == TrackState.Tracked))
            {
                if (!_paths.TryGetValue(track.TrackId, out var path))
                {
                    _paths[track.TrackId] = path = [];
                }

                path.Add(new TrackPoint(result.Sequence, result.CapturedAt, track.Box));
            }

            if (result.Sequence != atSequence)
            {
                return;
            }

            var chosen = result.Tracks.Where(t => t.State == TrackState.Tracked).MaxBy(t => _paths[t.TrackId].Count);
            Raised = new ViolationCandidate(
                ViolationCandidate.CreateId(result.CameraId, ViolationKind.Sidewalk, chosen.TrackId, chosen.FirstSeen, _paths[chosen.TrackId][0].Sequence),
                result.CameraId, ViolationKind.Sidewalk, chosen.TrackId, classes.NameOf(chosen.ClassId), result.Sequence, result.CapturedAt,
                chosen.Box, [], [.. _paths[chosen.TrackId].TakeLast(30)], [new Measurement("dwell", 3.2, "s")], [], "vỉa hè phía Đông", null,
                new RuleProvenance("replay", 1, new string('c', 64), "sidewalk/east"), [result.Model ?? new ModelIdentity("unknown", new string('0', 64))]);
            submit(Raised);
        }
    }
}
