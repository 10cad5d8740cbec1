using System.Diagnostics;
using OpenCvSharp;
using Vision.Pipeline.Inference;
using Vision.Pipeline.ObjectDetection;

namespace Vision.Benchmarks;

/// <summary>
/// Images per second through the full detector path (letterbox, tensor fill, inference, decode, NMS) beside bare
/// <c>session.Run</c> on the same, already-filled input, sequentially and with concurrent callers, so the cost of
/// our own code shows as a ratio.
/// </summary>
public static class ThroughputHarness
{
    public static void Run(TimeSpan perMeasurement, TextWriter output)
    {
        var provider = Enum.Parse<ExecutionProvider>(Environment.GetEnvironmentVariable("VISION_PROVIDER") ?? "Cpu");
        var options = new DetectorOptions { ModelPath = "yolox_nano_coco_416.onnx", Inference = new() { ExecutionProvider = provider } };
        using var detector = new ObjectDetector(options, BenchmarkAssets.ModelDirectory);
        using var image = BenchmarkAssets.SampleImage("images/bus.jpg");
        using var bare = new BareInference(options, detector, image);

        output.WriteLine($"YOLOX-nano 416 on {provider}, bus.jpg {image.Width}x{image.Height}, {Environment.ProcessorCount} cores, " +
                         $"{perMeasurement.TotalSeconds:F0} s per measurement");
        output.WriteLine($"{"callers",8} {"bare Run img/s",15} {"full path img/s",16} {"full/bare",10} {"overhead",9}");
        var stageTotals = new double[3];
        var stageCount = 0L;
        foreach (var callers in new[] { 1, 2, 4, 8 })
        {
            var bareImagesPerSecond = Measure(callers, perMeasurement, bare.Run);
            var full = Measure(callers, perMeasurement, () =>
            {
                var timings = detector.Detect(image).Timings;
                lock (stageTotals)
                {
                    stageTotals[0] += timings.Preprocess.TotalMilliseconds;
                    stageTotals[1] += timings.Inference.TotalMilliseconds;
                    stageTotals[2] += timings.Postprocess.TotalMilliseconds;
                    stageCount++;
                }
            });
            output.WriteLine($"{callers,8} {bareImagesPerSecond,15:F1} {full,16:F1} {full / bareImagesPerSecond,10:P0} {bareImagesPerSecond / full - 1,9:P1}");
        }

        output.WriteLine($"mean per image (all runs): preprocess {stageTotals[0] / stageCount:F2} ms, " +
                         $"inference {stageTotals[1] / stageCount:F2} ms, decode+NMS {stageTotals[2] / stageCount:F2} ms");
    }

    /// <summary>
    /// Calls of <paramref name="work"/> per second by <paramref name="callers"/> threads for <paramref name="duration"/>,
    /// after five calls to warm up.
    /// </summary>
    internal static double Measure(int callers, TimeSpan duration, Action work)
    {
        for (var i = 0; i < 5; i++)
        {
            work();
        }

        var stopwatch = Stopwatch.StartNew();
        var completed = 0L;
        var threads = Enumerable.Range(0, callers).Select(_ => new Thread(() =>
        {
            while (stopwatch.Elapsed < duration)
            {
                work();
                Interlocked.Increment(ref completed);
            }
        })).ToList();
        threads.ForEach(thread => thread.Start());
        threads.ForEach(thread => thread.Join());
        return completed / stopwatch.Elapsed.TotalSeconds;
    }
}
