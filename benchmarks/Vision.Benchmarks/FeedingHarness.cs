using System.Diagnostics;
using Vision.Pipeline.Inference;

namespace Vision.Benchmarks;

/// <summary>
/// How the detector is fed (issue 18): images per second of the batch-dynamic YOLOX-nano at 416, its input filled once,
/// with the input and outputs in ordinary pooled arrays and plain <c>Run</c> (outputs allocated each run), against
/// page-locked host memory (on a GPU) with outputs bound to pooled tensors (<see cref="ModelSession.RunPooled"/>), at
/// one image a run with one caller and with 16, and eight a run with 8 callers. On the CPU both memories are managed,
/// so the table shows only what binding the outputs costs or saves.
/// </summary>
public static class FeedingHarness
{
    private const string Model = "yolox_nano_coco_batch_dynamic.onnx";

    public static void Run(TimeSpan perMeasurement, TextWriter output)
    {
        var provider = Enum.Parse<ExecutionProvider>(Environment.GetEnvironmentVariable("VISION_PROVIDER") ?? "Cpu");
        output.WriteLine($"YOLOX-nano 416 (batch dynamic) on {provider}, {Environment.ProcessorCount} cores, {perMeasurement.TotalSeconds:F0} s per measurement");
        output.WriteLine("| host memory | outputs | batch × callers | images/s |");
        output.WriteLine("|---|---|---|---|");
        foreach (var pageLocked in provider == ExecutionProvider.Cpu ? [false] : new[] { false, true })
        {
            var settings = new InferenceSettings { ExecutionProvider = provider, PageLockedHostMemory = pageLocked, MaxConcurrentRuns = 64 };
            using var sessions = new ModelSessions(BenchmarkAssets.ModelDirectory, settings);
            var session = sessions.Get(Model);
            foreach (var (batch, callers) in new[] { (1, 1), (1, 16), (8, 8) })
            {
                // Alternating one-second slices of each, so a machine whose speed drifts (a shared host) treats both alike.
                var images = new double[2];
                var seconds = new double[2];
                for (var slice = 0; slice < Math.Max(1, (int)perMeasurement.TotalSeconds); slice++)
                {
                    foreach (var pooled in new[] { false, true })
                    {
                        var (done, elapsed) = Measure(session, batch, callers, pooled, TimeSpan.FromSeconds(1));
                        images[pooled ? 1 : 0] += done;
                        seconds[pooled ? 1 : 0] += elapsed.TotalSeconds;
                    }
                }

                output.WriteLine($"| {session.HostMemory} | allocated per run | {batch} × {callers} | {images[0] / seconds[0]:F0} |");
                output.WriteLine($"| {session.HostMemory} | bound, pooled | {batch} × {callers} | {images[1] / seconds[1]:F0} |");
            }
        }
    }

    private static (long Images, TimeSpan Elapsed) Measure(ModelSession session, int batch, int callers, bool pooled, TimeSpan duration)
    {
        void RunOnce(PooledTensor<float> input)
        {
            if (pooled)
            {
                using var run = session.RunPooled(input.Value);
            }
            else
            {
                using var outputs = session.Run([input.Value]);
            }
        }

        var stopwatch = new Stopwatch();
        var completed = 0L;
        using var ready = new Barrier(callers + 1);
        var threads = Enumerable.Range(0, callers).Select(_ => new Thread(() =>
        {
            using var input = session.RentInput<float>(batch, 3, 416, 416);
            input.Span.Fill(114f);
            RunOnce(input);
            ready.SignalAndWait();
            while (stopwatch.Elapsed < duration)
            {
                RunOnce(input);
                Interlocked.Add(ref completed, batch);
            }
        })).ToList();
        threads.ForEach(thread => thread.Start());
        ready.SignalAndWait();
        stopwatch.Start();
        threads.ForEach(thread => thread.Join());
        return (completed, stopwatch.Elapsed);
    }
}
