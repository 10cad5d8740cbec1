using System.Diagnostics;
using OpenCvSharp;
using Vision.Pipeline.Cameras;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.Tracking;

namespace Vision.Benchmarks;

/// <summary>
/// Replays vtest.avi frames (JPEG, 768×576) through the real camera pipeline — ingest, decode, detect, track —
/// and prints frames per second and per-stage times beside the bare detector on the same frames.
/// </summary>
public static class PipelineHarness
{
    public static async Task RunAsync(int frameCount, TextWriter output)
    {
        var frames = VtestClip.EncodedFrames(frameCount);
        var options = new DetectorOptions { ModelPath = "yolox_nano_coco_416.onnx", ConfidenceThreshold = 0.1f };
        using var detector = new ObjectDetector(options, BenchmarkAssets.ModelDirectory);
        output.WriteLine($"vtest.avi: {frames.Count} frames 768x576, JPEG q90 (mean {frames.Average(f => f.Length) / 1024:F0} KiB), " +
                         $"YOLOX-nano 416 on CPU, {Environment.ProcessorCount} cores");

        var decoded = frames.Select(f => Cv2.ImDecode(f, ImreadModes.Color)).ToList();
        var bareRun = MeasureBareRun(options, detector, decoded[0], frames.Count);
        var bareDetectorSequential = Measure(frames.Count, 1, i => detector.Detect(decoded[i]));
        var bareDetectorConcurrent = Measure(frames.Count, 2, i => detector.Detect(decoded[i]));
        decoded.ForEach(m => m.Dispose());
        var bestBare = Math.Max(bareDetectorSequential, bareDetectorConcurrent);

        output.WriteLine($"bare session.Run (one pre-filled input):         {bareRun,7:F1} frames/s");
        output.WriteLine($"bare detector on decoded frames, 1 caller:       {bareDetectorSequential,7:F1} frames/s");
        output.WriteLine($"bare detector on decoded frames, 2 callers:      {bareDetectorConcurrent,7:F1} frames/s");
        foreach (var cameras in new[] { 1, 2, 4 })
        {
            var (fps, stages, bytesPerFrame) = await MeasurePipelineAsync(detector, frames, cameras);
            output.WriteLine($"pipeline, {cameras} camera(s), JPEG in → tracks out: {fps,7:F1} frames/s = {fps / bestBare,5:P0} of the bare detector; " +
                             $"per frame: decode {stages.Decode.TotalMilliseconds:F2} ms, detect {stages.Detect.TotalMilliseconds:F2} ms, " +
                             $"track {stages.Track.TotalMilliseconds:F3} ms; {bytesPerFrame / 1024.0:F1} KiB allocated per frame");
        }
    }

    private static async Task<(double FramesPerSecond, StageTimings MeanStages, double BytesPerFrame)> MeasurePipelineAsync(
        ObjectDetector detector, List<byte[]> frames, int cameraCount)
    {
        using var metrics = new PipelineMetrics();
        var stages = new StageRecorder();
        var cameras = Enumerable.Range(0, cameraCount).Select(i => new CameraPipeline(
            new CameraDefinition { Id = $"replay-{i}", Name = "replay", ExpectedFramesPerSecond = 10 },
            detector, new TrackerOptions(), metrics, [stages])).ToList();
        var start = new DateTimeOffset(2026, 11, 28, 7, 0, 0, TimeSpan.Zero);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var stopwatch = Stopwatch.StartNew();
        var running = cameras.Select(c => c.RunAsync(CancellationToken.None)).ToList();
        await Task.WhenAll(cameras.Select(camera => Task.Run(async () =>
        {
            for (var i = 0; i < frames.Count; i++)
            {
                await camera.IngestAsync(new EncodedFrame(camera.Id, i, start + TimeSpan.FromMilliseconds(100 * i), frames[i]), CancellationToken.None);
            }

            camera.CompleteIngest();
        })));
        await Task.WhenAll(running);
        stopwatch.Stop();
        var processed = cameras.Sum(c => c.Counters.Processed);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        return (processed / stopwatch.Elapsed.TotalSeconds, stages.Mean, allocated / (double)processed);
    }

    private static double MeasureBareRun(DetectorOptions options, ObjectDetector detector, Mat image, int count)
    {
        using var bare = new BareInference(options, detector, image);
        return Measure(count, 1, _ => bare.Run());
    }

    private static double Measure(int count, int callers, Action<int> work)
    {
        work(0);
        var next = -1;
        var stopwatch = Stopwatch.StartNew();
        var threads = Enumerable.Range(0, callers).Select(_ => new Thread(() =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                work(i);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return count / stopwatch.Elapsed.TotalSeconds;
    }

    private sealed class StageRecorder : IFrameResultConsumer
    {
        private long _frames;
        private long _decodeTicks;
        private long _detectTicks;
        private long _trackTicks;

        public StageTimings Mean => _frames == 0
            ? default
            : new StageTimings(TimeSpan.FromTicks(_decodeTicks / _frames), TimeSpan.FromTicks(_detectTicks / _frames), TimeSpan.FromTicks(_trackTicks / _frames));

        public void Consume(FrameResult result, FramePixels pixels)
        {
            Interlocked.Increment(ref _frames);
            Interlocked.Add(ref _decodeTicks, result.Timings.Decode.Ticks);
            Interlocked.Add(ref _detectTicks, result.Timings.Detect.Ticks);
            Interlocked.Add(ref _trackTicks, result.Timings.Track.Ticks);
        }
    }
}
