using System.Diagnostics;
using System.Globalization;
using Vision.Pipeline.Inference;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Plates;
using Vision.Pipeline.Plates.Localization;
using OpenCvSharp;

namespace Vision.Benchmarks;

/// <summary>
/// End-to-end plate accuracy on the openalpr US set (plates/openalpr_us, 222 photos): vehicle detection, text
/// locator (whole photo too when a car fills it), fast-plate-ocr. A read counts when its normalised text equals the label.
/// </summary>
public static class PlateEndToEndHarness
{
    public static double Run(TextWriter output)
    {
        var directory = Path.Combine(BenchmarkAssets.SamplesDirectory, "plates", "openalpr_us");
        using var textDetector = new TextRegionDetector(new TextRegionDetectorOptions(), BenchmarkAssets.ModelDirectory);
        using var vehicleDetector = new ObjectDetector(
            new DetectorOptions { ModelPath = "yolox_nano_coco_dynamic.onnx", InputSize = 640 }, BenchmarkAssets.ModelDirectory);
        using var plateReader = new FastPlateOcrReader(Path.Combine(BenchmarkAssets.ModelDirectory, "fast_plate_ocr_cct_xs_v1_global.onnx"), new InferenceOptions());
        var reader = new PlatePhotoReader(new VehiclePlateFinder(new TextPlateLocator(textDetector), vehicleDetector), plateReader, PlateTextRules.AnyCountry);

        var labels = Directory.GetFiles(directory, "*.txt").Order(StringComparer.Ordinal).ToList();
        var correct = 0;
        var watch = Stopwatch.StartNew();
        foreach (var labelFile in labels)
        {
            var fields = File.ReadAllText(labelFile).Trim().Split('\t');
            using var photo = Cv2.ImRead(Path.Combine(directory, fields[0]), ImreadModes.Color);
            var best = reader.Read(photo).Where(read => read.IsValid).OrderByDescending(read => read.Confidence).FirstOrDefault();
            var expected = PlateCharacters.Normalize(fields[5]);
            if (best?.Text.Normalized == expected)
            {
                correct++;
            }
            else
            {
                output.WriteLine($"{fields[0]}: expected {expected}, read {best?.Text.Normalized ?? "nothing"}");
            }
        }

        var accuracy = labels.Count == 0 ? 0 : (double)correct / labels.Count;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"openalpr_us end to end: {correct}/{labels.Count} = {accuracy:P1}, {watch.Elapsed.TotalMilliseconds / Math.Max(1, labels.Count):F0} ms per photo"));
        return accuracy;
    }
}
