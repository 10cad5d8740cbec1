using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using OpenCvSharp;
using Vision.Domain.Geography;
using Vision.Domain.Triage;
using Vision.Pipeline.Analysis;
using Vision.Pipeline.Imaging;
using Vision.Pipeline.Inference;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Plates;
using Vision.Pipeline.Plates.Localization;
using Vision.Pipeline.Privacy;
using Vision.Pipeline.Triage;
using Vision.Pipeline.Triage.Duplicates;
using Vision.Pipeline.Triage.Quality;

namespace Vision.Benchmarks;

/// <summary>
/// Where the memory of one 12 MP triage goes: each stage of <see cref="PhotoTriage"/> run on its own with the service's
/// components and settings, one photo at a time, reporting the process's peak resident set above the stage's start
/// (VmHWM reset through /proc/self/clear_refs before each stage) and the managed bytes the stage allocated; then whole
/// triages the same way. Linux only (it reads /proc/self).
/// </summary>
public static class TriageMemoryHarness
{
    /// <param name="photoPaths">Photos to triage once each instead of the 12 MP photo (outcome, stage times and peak).</param>
    public static async Task RunAsync(int runs, IReadOnlyList<string> photoPaths, TextWriter output)
    {
        var photo = PhotoTriageHarness.TwelveMegapixelPhoto();
        var options = new TriageOptions();
        using var detectors = new DetectorSet(
            new ObjectDetector(new DetectorOptions { ModelPath = "yolox_nano_coco_416.onnx" }, BenchmarkAssets.ModelDirectory),
            new ObjectDetector(new DetectorOptions { ModelPath = "yolox_nano_coco_dynamic.onnx", InputSize = 960 }, BenchmarkAssets.ModelDirectory));
        using var textDetector = new TextRegionDetector(new TextRegionDetectorOptions(), BenchmarkAssets.ModelDirectory);
        using var plateReader = new FastPlateOcrReader(Path.Combine(BenchmarkAssets.ModelDirectory, "fast_plate_ocr_cct_xs_v1_global.onnx"), new InferenceOptions());
        using var faces = new FaceDetector(new FaceDetectorOptions(), BenchmarkAssets.ModelDirectory);
        using var secondOpinion = new PaddleTextRecognizer(Path.Combine(BenchmarkAssets.ModelDirectory, "ppocr", "ch_PP-OCRv4_rec_infer.onnx"),
            Path.Combine(BenchmarkAssets.ModelDirectory, "ppocr", "ppocr_keys_v1.txt"), new InferenceOptions());
        var plates = new PlatePhotoReader(new VehiclePlateFinder(new TextPlateLocator(textDetector), null), new PlateCropReader(plateReader, secondOpinion));
        var redactor = new PrivacyRedactor(faces);
        var decoder = new SafeImageDecoder(options.ImageLimits);
        var reportedAt = new DateTimeOffset(2026, 11, 28, 15, 0, 0, TimeSpan.FromHours(7));
        var triage = new PhotoTriage(options, detectors, plates, redactor, new NoEarlierPhotos(), new FakeTimeProvider(reportedAt));
        var metadata = new ReportMetadata("traffic_violation", new GeoPosition(16.4731, 107.5880), reportedAt);

        foreach (var path in photoPaths)
        {
            var before = ProcStatus("VmRSS");
            ResetPeak();
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var outcome = await triage.TriageAsync(await File.ReadAllBytesAsync(path), metadata, CancellationToken.None);
            var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            var verdict = outcome.Result is { } result
                ? string.Create(CultureInfo.InvariantCulture, $"triaged {result.Width}x{result.Height}, detection {result.Timings.Detection.TotalMilliseconds:F0} ms, plates {result.Timings.Plates.TotalMilliseconds:F0} ms, redaction {result.Timings.Redaction.TotalMilliseconds:F0} ms")
                : $"refused {outcome.ImageRejection?.Reason.ToString() ?? outcome.ExifRejection?.Reason.ToString()}";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Path.GetFileName(path)}: {verdict}; {elapsed.TotalMilliseconds:F0} ms in all, peak +{Mb(ProcStatus("VmHWM") - before)} MB"));
        }

        if (photoPaths.Count > 0)
        {
            return;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"12 MP triage memory: 4000×3000 JPEG of {photo.Length / 1024} kB, {Environment.ProcessorCount} cores, GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RSS at start (models loaded) {Mb(ProcStatus("VmRSS"))} MB"));
        for (var run = 0; run < runs; run++)
        {
            output.WriteLine($"-- stages, run {run + 1}");
            var decoded = Stage(output, "decode", () => decoder.Decode(photo));
            using var image = decoded.Image ?? throw new InvalidOperationException("The benchmark photo was refused.");
            var detections = Stage(output, "detection", () => detectors.Detect(image.Pixels, options.DetectionProfile));
            var oneRun = detections.Runs[0] with { Detections = [.. detections.Objects.Select(found => found.Detection)] };
            Stage(output, " text, photo", () => textDetector.Detect(image.Pixels));
            if (detections.Objects.Count > 0)
            {
                var box = detections.Objects.Select(found => found.Detection.Box).MaxBy(box => box.Width * box.Height).ClampTo(image.Width, image.Height);
                using var crop = new Mat(image.Pixels, new Rect((int)box.Left, (int)box.Top, (int)box.Width, (int)box.Height));
                Stage(output, $" text, {crop.Width}x{crop.Height}", () => textDetector.Detect(crop));
            }

            Stage(output, "plates", () => plates.ReadAll(image.Pixels, oneRun));
            Stage(output, "quality", () => PhotoQualityMeter.Measure(image.Pixels, options.QualityLongSidePixels));
            Stage(output, "fingerprint", () => PhotoFingerprint.Of(image.Pixels));
            Stage(output, "redaction+jpeg", () =>
            {
                using var redacted = redactor.Redact(image.Pixels, []);
                Cv2.ImEncode(".jpg", redacted.Image, out var jpeg, new ImageEncodingParam(ImwriteFlags.JpegQuality, options.PrivacyCopyJpegQuality));
                return jpeg.Length;
            });
        }

        for (var run = 0; run < runs; run++)
        {
            var before = ProcStatus("VmRSS");
            ResetPeak();
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var outcome = await triage.TriageAsync(photo, metadata, CancellationToken.None);
            _ = outcome.Result ?? throw new InvalidOperationException("The benchmark photo was refused.");
            var peak = ProcStatus("VmHWM");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"whole triage {run + 1}: RSS before {Mb(before)} MB, peak {Mb(peak)} MB (+{Mb(peak - before)}), managed allocated {Mb(GC.GetTotalAllocatedBytes(precise: true) - allocated)} MB, after {Mb(ProcStatus("VmRSS"))} MB"));
        }

        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RSS after an aggressive GC {Mb(ProcStatus("VmRSS"))} MB"));
    }

    private static T Stage<T>(TextWriter output, string name, Func<T> stage)
    {
        var before = ProcStatus("VmRSS");
        ResetPeak();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var result = stage();
        var managed = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        var peak = ProcStatus("VmHWM");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-16} RSS before {Mb(before),6} MB  peak +{Mb(peak - before),5} MB  after +{Mb(ProcStatus("VmRSS") - before),5} MB  managed allocated {Mb(managed),5} MB"));
        return result;
    }

    private static void ResetPeak() => File.WriteAllText("/proc/self/clear_refs", "5");

    private static long ProcStatus(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"/proc/self/status has no {field}.");
    }

    private static long Mb(long bytes) => bytes / (1024 * 1024);

    private sealed class NoEarlierPhotos : IReportPhotoIndex
    {
        public Task AddAsync(IndexedReportPhoto photo, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<IReadOnlyList<IndexedReportPhoto>> FindAsync(double? latitude, double? longitude, double radiusMetres,
            DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<IndexedReportPhoto>>([]);
    }
}
