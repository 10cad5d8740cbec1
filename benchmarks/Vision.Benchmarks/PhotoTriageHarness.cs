using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using OpenCvSharp;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using Vision.Domain.Geography;
using Vision.Domain.Triage;
using Vision.Pipeline.Analysis;
using Vision.Pipeline.Inference;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Plates;
using Vision.Pipeline.Plates.Localization;
using Vision.Pipeline.Privacy;
using Vision.Pipeline.Triage;

namespace Vision.Benchmarks;

/// <summary>
/// Latency of citizen photo triage on a 12-megapixel phone photo (street_00001_ppvehicle.jpg upscaled to 4000×3000,
/// JPEG quality 92, with EXIF capture time and GPS), the service's default settings (both detector passes), one photo
/// at a time: per-stage median, min and max over the measured runs after one warm-up.
/// </summary>
public static class PhotoTriageHarness
{
    public static async Task RunAsync(int runs, TextWriter output)
    {
        var photo = TwelveMegapixelPhoto();
        using var detectors = new DetectorSet(
            new ObjectDetector(new DetectorOptions { ModelPath = "yolox_nano_coco_416.onnx" }, BenchmarkAssets.ModelDirectory),
            new ObjectDetector(new DetectorOptions { ModelPath = "yolox_nano_coco_dynamic.onnx", InputSize = 960 }, BenchmarkAssets.ModelDirectory));
        using var textDetector = new TextRegionDetector(new TextRegionDetectorOptions(), BenchmarkAssets.ModelDirectory);
        using var plateReader = new FastPlateOcrReader(Path.Combine(BenchmarkAssets.ModelDirectory, "fast_plate_ocr_cct_xs_v1_global.onnx"), new InferenceOptions());
        using var faces = new FaceDetector(new FaceDetectorOptions(), BenchmarkAssets.ModelDirectory);
        var reportedAt = new DateTimeOffset(2026, 11, 28, 15, 0, 0, TimeSpan.FromHours(7));
        using var secondOpinion = new PaddleTextRecognizer(Path.Combine(BenchmarkAssets.ModelDirectory, "ppocr", "ch_PP-OCRv4_rec_infer.onnx"),
            Path.Combine(BenchmarkAssets.ModelDirectory, "ppocr", "ppocr_keys_v1.txt"), new InferenceOptions());
        var plates = new PlatePhotoReader(new VehiclePlateFinder(new TextPlateLocator(textDetector), null), new PlateCropReader(plateReader, secondOpinion));
        var triage = new PhotoTriage(new TriageOptions(), detectors, plates,
            new PrivacyRedactor(faces), new ReportPhotoList(), new FakeTimeProvider(reportedAt));
        var metadata = new ReportMetadata("traffic_violation", new GeoPosition(16.4731, 107.5880), reportedAt);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"12 MP triage: 4000×3000 JPEG of {photo.Length / 1024} kB, {Environment.ProcessorCount} cores, {runs} runs after 1 warm-up"));
        var timings = new List<TriageTimings>();
        for (var run = 0; run <= runs; run++)
        {
            var outcome = await triage.TriageAsync(photo, metadata, CancellationToken.None);
            var result = outcome.Result ?? throw new InvalidOperationException("The benchmark photo was refused.");
            if (run == 0)
            {
                output.WriteLine($"objects {result.Objects.Count}, plates {result.Plates.Count} ({string.Join(", ", result.Plates.Select(plate => plate.Text.ToString()))}), " +
                                 $"faces obscured {result.PrivacySafeCopy.FacesObscured}, score {result.LegitimacyScore:F2}");
                continue;
            }

            timings.Add(result.Timings);
        }

        Print(output, "metadata (EXIF)", timings.Select(t => t.Metadata));
        Print(output, "decode", timings.Select(t => t.Decode));
        Print(output, "detection", timings.Select(t => t.Detection));
        Print(output, "plates", timings.Select(t => t.Plates));
        Print(output, "blur/quality", timings.Select(t => t.Quality));
        Print(output, "hash", timings.Select(t => t.Fingerprint));
        Print(output, "duplicate search", timings.Select(t => t.DuplicateSearch));
        Print(output, "redaction", timings.Select(t => t.Redaction));
        Print(output, "total", timings.Select(t => t.Total));
    }

    private static void Print(TextWriter output, string stage, IEnumerable<TimeSpan> times)
    {
        var sorted = times.Select(time => time.TotalMilliseconds).Order().ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{stage,-18} median {sorted[sorted.Count / 2],8:F1} ms   min {sorted[0],8:F1} ms   max {sorted[^1],8:F1} ms"));
    }

    public static byte[] TwelveMegapixelPhoto()
    {
        using var sample = BenchmarkAssets.SampleImage("images/street_00001_ppvehicle.jpg");
        using var large = new Mat();
        Cv2.Resize(sample, large, new OpenCvSharp.Size(4000, 3000), 0, 0, InterpolationFlags.Cubic);
        Cv2.ImEncode(".jpg", large, out var jpeg, new ImageEncodingParam(ImwriteFlags.JpegQuality, 92));
        using var image = SixLabors.ImageSharp.Image.Load<Rgb24>(jpeg);
        var exif = new ExifProfile();
        exif.SetValue(ExifTag.DateTimeOriginal, "2026:11:28 14:52:10");
        exif.SetValue(ExifTag.GPSLatitudeRef, "N");
        exif.SetValue(ExifTag.GPSLatitude, [new Rational(16, 1), new Rational(28, 1), new Rational(23160, 1000)]);
        exif.SetValue(ExifTag.GPSLongitudeRef, "E");
        exif.SetValue(ExifTag.GPSLongitude, [new Rational(107, 1), new Rational(35, 1), new Rational(16800, 1000)]);
        image.Metadata.ExifProfile = exif;
        using var stream = new MemoryStream();
        image.SaveAsJpeg(stream, new JpegEncoder { Quality = 92 });
        return stream.ToArray();
    }

    /// <summary>The photos of earlier runs, as the store would return them (all within radius and window here).</summary>
    private sealed class ReportPhotoList : IReportPhotoIndex
    {
        private readonly List<IndexedReportPhoto> _photos = [];

        public Task AddAsync(IndexedReportPhoto photo, CancellationToken cancellationToken)
        {
            _photos.Add(photo);
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<IndexedReportPhoto>> FindAsync(double? latitude, double? longitude, double radiusMetres,
            DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<IndexedReportPhoto>>([.. _photos]);
    }
}
