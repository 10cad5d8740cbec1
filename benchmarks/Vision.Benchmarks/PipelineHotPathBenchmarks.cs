using BenchmarkDotNet.Attributes;
using OpenCvSharp;
using Vision.Pipeline.Cameras;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.Tracking;

namespace Vision.Benchmarks;

/// <summary>
/// The camera pipeline's own per-frame work on 100 vtest.avi frames (JPEG, 768×576): ingest checks, scaled decode,
/// rider association, tracking, frame history and events, with the detector's answers replayed (recorded once from
/// YOLOX-nano on the same frames), so the model's time and its noise stay out of the figure. Times are per frame.
/// </summary>
[MemoryDiagnoser]
public class PipelineHotPathBenchmarks
{
    private const int FrameCount = 100;
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 7, 0, 0, TimeSpan.Zero);

    private List<byte[]> _frames = [];
    private ReplayedDetector _replay = null!;
    private PipelineMetrics _metrics = null!;

    [GlobalSetup]
    public void Setup()
    {
        _frames = VtestClip.EncodedFrames(FrameCount);
        var options = new DetectorOptions { ModelPath = "yolox_nano_coco_416.onnx", ConfidenceThreshold = 0.1f };
        using var detector = new ObjectDetector(options, BenchmarkAssets.ModelDirectory);
        var recorded = new List<DetectionResult>();
        foreach (var jpeg in _frames)
        {
            using var full = Cv2.ImDecode(jpeg, ImreadModes.Color);
            var (width, height) = detector.PixelsNeeded(full.Width, full.Height);
            using var scaled = full.Resize(new Size(width, height), 0, 0, InterpolationFlags.Area);
            recorded.Add(detector.DetectAsync(scaled, CancellationToken.None).AsTask().GetAwaiter().GetResult());
        }

        _replay = new ReplayedDetector(detector.Classes, detector.PixelsNeeded, recorded);
        _metrics = new PipelineMetrics();
    }

    [GlobalCleanup]
    public void Cleanup() => _metrics.Dispose();

    [Benchmark(OperationsPerInvoke = FrameCount, Description = "Camera pipeline, JPEG in → tracks out, detector replayed, per frame")]
    public async Task<long> OneCamera()
    {
        _replay.Rewind();
        var camera = new CameraPipeline(
            new CameraDefinition { Id = "hot-path", Name = "replay", ExpectedFramesPerSecond = 10 },
            _replay, new TrackerOptions(), _metrics);
        var running = camera.RunAsync(CancellationToken.None);
        for (var i = 0; i < _frames.Count; i++)
        {
            await camera.IngestAsync(new EncodedFrame(camera.Id, i, Start + TimeSpan.FromMilliseconds(100 * i), _frames[i]), CancellationToken.None);
        }

        camera.CompleteIngest();
        await running;
        return camera.Counters.Processed;
    }

    /// <summary>Answers each frame, in order, with what the real detector found on it.</summary>
    private sealed class ReplayedDetector(ObjectClasses classes, Func<int, int, (int, int)> pixelsNeeded, IReadOnlyList<DetectionResult> recorded) : IFrameDetector
    {
        private int _next;

        public ObjectClasses Classes => classes;

        public void Rewind() => _next = 0;

        public (int Width, int Height) PixelsNeeded(int sourceWidth, int sourceHeight) => pixelsNeeded(sourceWidth, sourceHeight);

        public ValueTask<DetectionResult> DetectAsync(Mat bgrImage, CancellationToken cancellationToken) =>
            ValueTask.FromResult(recorded[_next++ % recorded.Count]);
    }
}
