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
                // Concurrent runs may share one input: a run only reads it.
                using var input = session.RentInput<float>(batch, 3, 416, 416);
                input.Span.Fill(114f);
                // Alternating one-second slices of each, so a machine whose speed drifts (a shared host) treats both alike.
                var (allocated, bound) = (0.0, 0.0);
                var slices = Math.Max(1, (int)perMeasurement.TotalSeconds);
                for (var slice = 0; slice < slices; slice++)
                {
                    allocated += ThroughputHarness.Measure(callers, TimeSpan.FromSeconds(1), () =>
                    {
                        using var outputs = session.Run([input.Value]);
                    }) / slices;
                    bound += ThroughputHarness.Measure(callers, TimeSpan.FromSeconds(1), () =>
                    {
                        using var run = session.RunPooled(input.Value);
                    }) / slices;
                }

                output.WriteLine($"| {session.HostMemory} | allocated per run | {batch} × {callers} | {allocated * batch:F0} |");
                output.WriteLine($"| {session.HostMemory} | bound, pooled | {batch} × {callers} | {bound * batch:F0} |");
            }
        }
    }
}
