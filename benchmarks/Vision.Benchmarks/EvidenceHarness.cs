using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Vision.Domain.Geometry;
using Vision.Domain.Inference;
using Vision.Domain.Violations;
using Vision.Pipeline.Cameras;
using Vision.Pipeline.Evidence;
using Vision.Pipeline.Inference;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Plates.Localization;
using Vision.Pipeline.Privacy;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.Tracking;

namespace Vision.Benchmarks;

/// <summary>
/// What one evidence package costs, built from vtest.avi frames (768×576 JPEG q90) with a ±3 s clip at 10 frames/s
/// (61 frames decoded and MPEG-4 encoded), 3 key frames, overview, vehicle crop, signed manifest, fsync and rename —
/// without and with the redacted copy (YuNet faces + detector + plate locator on 3 key frames). Also what the camera
/// loop pays: the evidence feed's per-frame cost while a violation waits, and the frame that releases it.
/// </summary>
public static class EvidenceHarness
{
    public static async Task RunAsync(int packages, TextWriter output)
    {
        var jpegs = VtestClip.EncodedFrames(100);
        var start = new DateTimeOffset(2026, 11, 28, 7, 30, 0, TimeSpan.FromHours(7));
        var camera = new CameraDefinition { Id = "bench", Name = "Cầu Trường Tiền (benchmark)", ExpectedFramesPerSecond = 10 };
        var frames = jpegs.Select((jpeg, i) => new EncodedFrame(camera.Id, i, start + TimeSpan.FromMilliseconds(100 * i), jpeg)).ToList();
        using var detector = new ObjectDetector(new DetectorOptions { ModelPath = "yolox_nano_coco_416.onnx" }, BenchmarkAssets.ModelDirectory);
        using var faces = new FaceDetector(new FaceDetectorOptions(), BenchmarkAssets.ModelDirectory);
        using var text = new TextRegionDetector(new TextRegionDetectorOptions(), BenchmarkAssets.ModelDirectory);
        using (var first = OpenCvSharp.Cv2.ImDecode(jpegs[50], OpenCvSharp.ImreadModes.Color))
        {
            var car = detector.Detect(first).OfClass("car").MaxBy(d => d.Box.Area).Box;
            output.WriteLine($"vtest.avi 768x576 JPEG q90, clip ±3 s at 10 frames/s, {packages} packages per row, {Environment.ProcessorCount} cores");
            var redaction = new EvidenceRedaction(new PrivacyRedactor(faces), detector, new TextPlateLocator(text));
            var tracked = await TrackAsync(frames, camera, detector);
            Measure("without redacted copy                      ", null, car, null);
            Measure("redacted copy, vehicles detected per frame ", redaction, car, null);
            Measure("redacted copy, vehicles from the tracker   ", redaction, car, tracked);
        }

        MeasureCameraLoopCost(frames, camera, output);

        void Measure(string label, EvidenceRedaction? redaction, BoundingBox car, IReadOnlyList<FrameResult>? tracked)
        {
            var root = Directory.CreateTempSubdirectory("vision-evidence-bench-").FullName;
            try
            {
                using var key = EvidenceSigningKey.LoadOrCreate(Path.Combine(root, "key.pem"));
                var options = new EvidenceOptions();
                var store = new LocalEvidenceStore(Path.Combine(root, "store"), options.Retention, TimeProvider.System);
                var builder = new EvidencePackageBuilder(store, key, options, TimeProvider.System, redaction);
                var results = new List<EvidenceBuildResult>();
                for (var i = -1; i < packages; i++)
                {
                    // Each package a different violation (its own id), on the same 61 frames around frame 50.
                    var candidate = Candidate(frames[50], car, trackId: i + 2);
                    var vehicles = tracked is null ? null : new TrackedVehicles(candidate, tracked);
                    var result = builder.Build(candidate, camera, frames, CancellationToken.None, vehicles);
                    if (i >= 0)
                    {
                        results.Add(result);
                    }
                }

                var totals = results.Select(r => r.Timings.Total.TotalMilliseconds).Order().ToList();
                var bytes = Directory.EnumerateFiles(store.Locate(results[0].Reference!.PackageId)!, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
                output.WriteLine($"{label}: total mean {totals.Average(),6:F0} ms, median {totals[totals.Count / 2],6:F0} ms, max {totals[^1],6:F0} ms | " +
                                 $"key frames {Mean(results, t => t.KeyFrames):F1} ms, clip ({results[0].ClipFrameCount} frames) {Mean(results, t => t.Clip):F0} ms, " +
                                 $"overview {Mean(results, t => t.Overview):F0} ms, crop {Mean(results, t => t.PlateCrop):F1} ms, " +
                                 $"redaction {Mean(results, t => t.Redaction):F0} ms, seal+fsync+rename {Mean(results, t => t.SealAndCommit):F1} ms | " +
                                 $"package {bytes / 1024.0 / 1024.0:F2} MiB");
            }
            finally
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    /// <summary>The camera pipeline's own results for the frames (its tracks are what the evidence feed hands to redaction).</summary>
    private static async Task<List<FrameResult>> TrackAsync(List<EncodedFrame> frames, CameraDefinition camera, ObjectDetector detector)
    {
        using var metrics = new PipelineMetrics();
        var results = new ResultRecorder();
        var pipeline = new CameraPipeline(camera, detector, new TrackerOptions(), metrics, [results]);
        var running = pipeline.RunAsync(CancellationToken.None);
        foreach (var frame in frames)
        {
            await pipeline.IngestAsync(frame, CancellationToken.None);
        }

        pipeline.CompleteIngest();
        await running;
        return results.Results;
    }

    private static void MeasureCameraLoopCost(List<EncodedFrame> frames, CameraDefinition camera, TextWriter output)
    {
        var root = Directory.CreateTempSubdirectory("vision-evidence-bench-").FullName;
        try
        {
            using var key = EvidenceSigningKey.LoadOrCreate(Path.Combine(root, "key.pem"));
            var options = new EvidenceOptions();
            var store = new LocalEvidenceStore(Path.Combine(root, "store"), options.Retention, TimeProvider.System);
            var builder = new EvidencePackageBuilder(store, key, options, TimeProvider.System);
            var recorder = new EvidenceRecorder(builder, new DiscardingRecorder(), options, TimeProvider.System, NullLogger<EvidenceRecorder>.Instance);
            var history = new FrameHistory(100);
            frames.ForEach(history.Add);
            var feed = recorder.Open(new CameraStageContext(camera, history, new CameraEventHub(), ObjectClasses.Coco));
            using var pixels = new OpenCvSharp.Mat();
            const int Calls = 200_000;
            const int Violations = 1000;
            var ready = Result(frames[^1]);
            // Warm-up (JIT): one violation through submit and release.
            feed.Submit(Candidate(frames[40], new BoundingBox(10, 10, 100, 100), 0));
            feed.Consume(ready, new FramePixels(pixels, 1, 1));
            var idle = Time(Calls, i => feed.Consume(Result(frames[i % 40]), new FramePixels(pixels, 1, 1)));
            var submit = Time(Violations, i => feed.Submit(Candidate(frames[40], new BoundingBox(10, 10, 100, 100), i + 1)));
            var releaseAll = Time(1, _ => feed.Consume(ready, new FramePixels(pixels, 1, 1)));
            feed.Submit(Candidate(frames[40], new BoundingBox(10, 10, 100, 100), Violations + 1));
            var waiting = Time(Calls, i => feed.Consume(Result(frames[i % 40]), new FramePixels(pixels, 1, 1)));
            var releaseOne = Time(1, _ => feed.Consume(ready, new FramePixels(pixels, 1, 1)));
            output.WriteLine($"camera loop: Submit {submit * 1e6:F2} µs; feed per frame: nothing waiting {idle * 1e9:F0} ns, one violation waiting {waiting * 1e9:F0} ns; " +
                             $"the frame that releases one violation (its 61+ frames referenced from the history) {releaseOne * 1e6:F1} µs, " +
                             $"{Violations} at once {releaseAll * 1e3:F1} ms");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }

        static FrameResult Result(EncodedFrame frame) =>
            new(frame.CameraId, frame.Sequence, frame.CapturedAt, FrameOutcome.Processed, 768, 576, [], [], null, default);
    }

    private static double Time(int calls, Action<int> action)
    {
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++)
        {
            action(i);
        }

        return stopwatch.Elapsed.TotalSeconds / calls;
    }

    private static double Mean(List<EvidenceBuildResult> results, Func<EvidenceBuildTimings, TimeSpan> stage) =>
        results.Average(r => stage(r.Timings).TotalMilliseconds);

    private static ViolationCandidate Candidate(EncodedFrame at, BoundingBox box, long trackId) => new(
        ViolationCandidate.CreateId(at.CameraId, ViolationKind.IllegalParking, trackId, at.CapturedAt, at.Sequence), at.CameraId, ViolationKind.IllegalParking,
        trackId, "car", at.Sequence, at.CapturedAt, box, [], [], [new Measurement("dwell", 312, "s")], [], "no-parking kerb", null,
        new RuleProvenance("bench", 1, new string('0', 64), "parking"), [new ModelIdentity("yolox-nano-coco-416", new string('0', 64))]);

    private sealed class ResultRecorder : IFrameResultConsumer
    {
        public List<FrameResult> Results { get; } = [];

        public void Consume(FrameResult result, FramePixels pixels) => Results.Add(result);
    }

    private sealed class DiscardingRecorder : IViolationRecorder
    {
        public Task RecordAsync(ViolationCandidate violation, EvidenceReference? evidence, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
