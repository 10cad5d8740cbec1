using System.Diagnostics;
using System.Globalization;
using OpenCvSharp;
using Vision.Domain.Plates.Consensus;
using Vision.Pipeline.Cameras;
using Vision.Pipeline.Inference;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Plates;
using Vision.Pipeline.Plates.Consensus;
using Vision.Pipeline.Plates.Localization;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.Tracking;

namespace Vision.Benchmarks;

/// <summary>
/// A city on one machine: N cameras send 1080p JPEG frames (vtest.avi frames scaled up) at their frame rate through the
/// live ingest of real camera pipelines (decode, shared detector — batched when configured —, tracker, plates on
/// confirmed vehicles). Reports end-to-end frames/s, per-stage times, batch sizes, queue depths, drops and GPU use,
/// beside the bare detector measured in the same run.
/// </summary>
public static class CityHarness
{
    public static async Task<CityReport> RunAsync(CitySettings settings, TextWriter output, CancellationToken cancellationToken = default)
    {
        var frames = VtestClip.EncodedFrames(settings.DistinctFrames, new Size(1920, 1080));
        var inference = new InferenceSettings { ExecutionProvider = settings.Provider, MaxConcurrentRuns = settings.RunSlots, PageLockedHostMemory = settings.PageLocked };
        using var sessions = new ModelSessions(BenchmarkAssets.ModelDirectory, inference);
        var detectorOptions = new DetectorOptions
        {
            Name = "yolox-nano-coco-640", ModelPath = "yolox_nano_coco_batch_dynamic.onnx", InputSize = settings.InputSize,
            ConfidenceThreshold = 0.1f, MaxConcurrentRuns = settings.RunSlots,
        };
        using var detector = new ObjectDetector(detectorOptions, sessions.Get(detectorOptions.ModelPath));
        var batching = settings.MaxBatch > 1
            ? new BatchingDetector(detector, new BatchingOptions { MaxBatch = settings.MaxBatch, MaxWait = settings.MaxWait, MaxBatchesInFlight = settings.BatchesInFlight })
            : null;
        IFrameDetector frameDetector = batching is null ? detector : batching;
        using var plates = settings.Plates ? new PlateModelsForCity(sessions) : null;
        output.WriteLine($"city: {settings.Cameras} cameras × {settings.FramesPerSecond} fps of 1920x1080 JPEG q90 (mean {frames.Average(f => f.Length) / 1024:F0} KiB) " +
                         $"for {settings.Duration.TotalSeconds:F0} s on {settings.Provider}, {Environment.ProcessorCount} cores, input {settings.InputSize}, " +
                         $"batch {(batching is null ? "off" : $"≤{settings.MaxBatch} / {settings.MaxWait.TotalMilliseconds:F0} ms × {settings.BatchesInFlight} in flight")}, " +
                         $"{sessions.Budget.Slots} run slots, plates {(settings.Plates ? "on" : "off")}, host memory {detector.Session.HostMemory}, outputs {detector.Session.OutputBinding}");

        using var metrics = new PipelineMetrics();
        var stages = new StageTotals();
        var cameras = Enumerable.Range(0, settings.Cameras).Select(i => new CameraPipeline(
            new CameraDefinition { Id = $"city-{i}", Name = $"city camera {i}", ExpectedFramesPerSecond = settings.FramesPerSecond, MaxFrameBytes = 4 << 20 },
            frameDetector, new TrackerOptions(), metrics, [stages], plates?.StageFor(detector.Classes))).ToList();

        using var gpu = GpuSampler.TryStart();
        var queueDepths = new DepthSampler(cameras);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = cameras.Select(camera => camera.RunAsync(CancellationToken.None)).ToList();
        var clock = Stopwatch.StartNew();
        var senders = cameras.Select((camera, index) => SendAsync(camera, frames, settings, index, stop.Token)).ToList();
        var sampling = queueDepths.RunAsync(stop.Token);
        await Task.Delay(settings.Duration, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        await stop.CancelAsync();
        await Task.WhenAll(senders);
        cameras.ForEach(camera => camera.CompleteIngest());
        await Task.WhenAll(running);
        var elapsed = clock.Elapsed;
        await sampling;
        var gpuUse = gpu?.Stop();

        var report = new CityReport(
            settings.Cameras,
            Sent: cameras.Sum(c => c.Counters.Received),
            Accepted: cameras.Sum(c => c.Counters.Accepted),
            Processed: cameras.Sum(c => c.Counters.Processed),
            Dropped: cameras.Sum(c => c.Counters.Dropped),
            Failed: cameras.Sum(c => c.Counters.Failed),
            FramesPerSecond: cameras.Sum(c => c.Counters.Processed) / elapsed.TotalSeconds,
            Stages: stages.Mean,
            Batches: batching?.Statistics,
            MeanQueueDepth: queueDepths.Mean,
            MaxQueueDepth: queueDepths.Max,
            GpuUtilisation: gpuUse);
        if (batching is not null)
        {
            await batching.DisposeAsync();
        }

        output.WriteLine(report.Describe());
        if (settings.MeasureBareDetector)
        {
            output.WriteLine(MeasureBare(detector, settings, frames));
        }

        return report;
    }

    private static async Task SendAsync(CameraPipeline camera, List<byte[]> frames, CitySettings settings, int index, CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromSeconds(1 / settings.FramesPerSecond);
        // Cameras do not tick together: each starts at its own offset within one frame interval.
        var next = Stopwatch.GetTimestamp() + (long)(interval.TotalSeconds * Stopwatch.Frequency * index / settings.Cameras);
        var start = new DateTimeOffset(2026, 12, 5, 7, 0, 0, TimeSpan.Zero);
        for (var sequence = 0L; !cancellationToken.IsCancellationRequested; sequence++)
        {
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            var jpeg = frames[(int)((sequence + index * 7) % frames.Count)];
            camera.TryIngest(new EncodedFrame(camera.Id, sequence, start + interval * sequence, jpeg));
            next += (long)(interval.TotalSeconds * Stopwatch.Frequency);
        }
    }

    // The detector alone on the same frames, decoded and letterboxed once: as many callers as the city's batches hold.
    private static string MeasureBare(ObjectDetector detector, CitySettings settings, List<byte[]> jpegs)
    {
        var images = jpegs.Take(16).Select(jpeg => Cv2.ImDecode(jpeg, ImreadModes.Color)).ToList();
        try
        {
            var callers = Math.Max(2, settings.MaxBatch * settings.BatchesInFlight);
            var single = Measure(settings.BareSeconds, callers, i => detector.DetectAsync(images[i % images.Count], CancellationToken.None).AsTask().GetAwaiter().GetResult());
            var line = $"bare detector, 1080p frames decoded once, {callers} callers: unbatched {single,7:F1} frames/s";
            if (settings.MaxBatch > 1)
            {
                var batching = new BatchingDetector(detector, new BatchingOptions { MaxBatch = settings.MaxBatch, MaxWait = settings.MaxWait, MaxBatchesInFlight = settings.BatchesInFlight });
                var batched = Measure(settings.BareSeconds, callers, i => batching.DetectAsync(images[i % images.Count], CancellationToken.None).AsTask().GetAwaiter().GetResult());
                var statistics = batching.Statistics;
                batching.DisposeAsync().AsTask().GetAwaiter().GetResult();
                line += $", batched {batched,7:F1} frames/s (mean batch {statistics.MeanBatch:F1}, largest {statistics.LargestBatch})";
            }

            return line;
        }
        finally
        {
            images.ForEach(image => image.Dispose());
        }
    }

    private static double Measure(TimeSpan duration, int callers, Action<int> work)
    {
        work(0);
        var count = 0L;
        var stopwatch = Stopwatch.StartNew();
        var threads = Enumerable.Range(0, callers).Select(_ => new Thread(() =>
        {
            while (stopwatch.Elapsed < duration)
            {
                work((int)Interlocked.Increment(ref count));
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return count / stopwatch.Elapsed.TotalSeconds;
    }

    /// <summary>The plate models of the service, on the city's sessions, and a plate stage per camera.</summary>
    private sealed class PlateModelsForCity(ModelSessions sessions) : IDisposable
    {
        private readonly TextRegionDetector _text = new(new TextRegionDetectorOptions(), sessions.Get(new TextRegionDetectorOptions().ModelPath));
        private readonly FastPlateOcrReader _reader = new(sessions.Get("fast_plate_ocr_cct_xs_v1_global.onnx"));
        private readonly PaddleTextRecognizer _secondOpinion = new(sessions.Get("ppocr/ch_PP-OCRv4_rec_infer.onnx"),
            Path.Combine(sessions.ModelDirectory, "ppocr", "ppocr_keys_v1.txt"));

        public PlateStage StageFor(ObjectClasses classes) => new(new TextPlateLocator(_text),
            new PlateCropReader(_reader, _secondOpinion, new PlateCropReaderOptions()), new Watchlist([]), new PlateStageOptions(), classes);

        public void Dispose()
        {
            _text.Dispose();
            _reader.Dispose();
            _secondOpinion.Dispose();
        }
    }

    private sealed class StageTotals : IFrameResultConsumer
    {
        private long _frames;
        private long _decode;
        private long _detect;
        private long _track;
        private long _plates;

        public StageTimings Mean => _frames == 0 ? default : new StageTimings(
            TimeSpan.FromTicks(_decode / _frames), TimeSpan.FromTicks(_detect / _frames), TimeSpan.FromTicks(_track / _frames),
            TimeSpan.FromTicks(_plates / _frames));

        public void Consume(FrameResult result, FramePixels pixels)
        {
            Interlocked.Increment(ref _frames);
            Interlocked.Add(ref _decode, result.Timings.Decode.Ticks);
            Interlocked.Add(ref _detect, result.Timings.Detect.Ticks);
            Interlocked.Add(ref _track, result.Timings.Track.Ticks);
            Interlocked.Add(ref _plates, result.Timings.Plates.Ticks);
        }
    }

    private sealed class DepthSampler(List<CameraPipeline> cameras)
    {
        private long _samples;
        private long _sum;

        public double Mean => _samples == 0 ? 0 : (double)_sum / _samples;

        public int Max { get; private set; }

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
            try
            {
                while (await timer.WaitForNextTickAsync(cancellationToken))
                {
                    foreach (var camera in cameras)
                    {
                        var depth = camera.IngestQueueDepth;
                        _samples++;
                        _sum += depth;
                        Max = Math.Max(Max, depth);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}

/// <summary>One city run: cameras, frame rate, how the detector batches and where it runs.</summary>
public sealed record CitySettings(int Cameras)
{
    public double FramesPerSecond { get; init; } = 10;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(20);
    public ExecutionProvider Provider { get; init; } = ExecutionProvider.Cpu;
    public int InputSize { get; init; } = 640;
    public int MaxBatch { get; init; } = 1;
    public TimeSpan MaxWait { get; init; } = TimeSpan.FromMilliseconds(4);
    public int BatchesInFlight { get; init; } = 2;
    public int RunSlots { get; init; }
    public bool Plates { get; init; } = true;
    public bool PageLocked { get; init; } = true;
    public int DistinctFrames { get; init; } = 60;
    public bool MeasureBareDetector { get; init; } = true;
    public TimeSpan BareSeconds { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Settings from the command line (<c>city N [seconds]</c>) and VISION_* variables (provider, batch, wait, in flight, slots, input, plates, page-locked).</summary>
    public static CitySettings From(string[] args)
    {
        static string? Env(string name) => Environment.GetEnvironmentVariable(name);
        var invariant = CultureInfo.InvariantCulture;
        return new CitySettings(args.Length > 1 ? int.Parse(args[1], invariant) : 4)
        {
            Duration = TimeSpan.FromSeconds(args.Length > 2 ? double.Parse(args[2], invariant) : 20),
            Provider = Enum.Parse<ExecutionProvider>(Env("VISION_PROVIDER") ?? "Cpu"),
            MaxBatch = int.Parse(Env("VISION_BATCH") ?? "1", invariant),
            MaxWait = TimeSpan.FromMilliseconds(double.Parse(Env("VISION_BATCH_WAIT_MS") ?? "4", invariant)),
            BatchesInFlight = int.Parse(Env("VISION_BATCHES_IN_FLIGHT") ?? "2", invariant),
            RunSlots = int.Parse(Env("VISION_RUN_SLOTS") ?? "0", invariant),
            InputSize = int.Parse(Env("VISION_INPUT") ?? "640", invariant),
            Plates = (Env("VISION_PLATES") ?? "1") != "0",
            PageLocked = (Env("VISION_PAGE_LOCKED") ?? "1") != "0",
        };
    }
}

/// <summary>What a city run measured.</summary>
public sealed record CityReport(
    int Cameras, long Sent, long Accepted, long Processed, long Dropped, long Failed, double FramesPerSecond, StageTimings Stages,
    BatchStatistics? Batches, double MeanQueueDepth, int MaxQueueDepth, GpuUse? GpuUtilisation)
{
    public string Describe() =>
        $"| {Cameras} | {FramesPerSecond:F1} | {Stages.Decode.TotalMilliseconds:F1} | {Stages.Detect.TotalMilliseconds:F1} | {Stages.Track.TotalMilliseconds:F2} | " +
        $"{Stages.Plates.TotalMilliseconds:F1} | {(Batches is { } b ? $"{b.MeanBatch:F1} (max {b.LargestBatch})" : "off")} | {MeanQueueDepth:F1} (max {MaxQueueDepth}) | " +
        $"{Dropped} of {Accepted} | {Failed} | {(GpuUtilisation is { } g ? $"{g.MeanPercent:F0} % (max {g.MaxPercent:F0} %)" : "n/a")} |" +
        Environment.NewLine +
        "  (cameras | end-to-end frames/s | decode ms | detect ms | track ms | plates ms | batch | ingest queue | dropped | failed | GPU)";
}

/// <summary>GPU utilisation sampled with nvidia-smi during a run (mean and peak percent).</summary>
public sealed record GpuUse(double MeanPercent, double MaxPercent);

internal sealed class GpuSampler : IDisposable
{
    private readonly Process _process;
    private readonly List<double> _samples = [];

    private GpuSampler(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, line) =>
        {
            if (double.TryParse(line.Data?.Trim(), CultureInfo.InvariantCulture, out var percent))
            {
                lock (_samples)
                {
                    _samples.Add(percent);
                }
            }
        };
        _process.BeginOutputReadLine();
    }

    public static GpuSampler? TryStart()
    {
        try
        {
            var process = Process.Start(new ProcessStartInfo("nvidia-smi", "--query-gpu=utilization.gpu --format=csv,noheader,nounits -lms 200")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            return process is null ? null : new GpuSampler(process);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no nvidia-smi: no GPU here
        }
    }

    public GpuUse? Stop()
    {
        Dispose();
        lock (_samples)
        {
            return _samples.Count == 0 ? null : new GpuUse(_samples.Average(), _samples.Max());
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
