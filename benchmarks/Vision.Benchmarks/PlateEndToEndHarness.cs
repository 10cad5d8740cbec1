using System.Diagnostics;
using System.Globalization;
using Vision.Pipeline.Inference;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Plates;
using Vision.Pipeline.Plates.Localization;

namespace Vision.Benchmarks;

/// <summary>
/// End-to-end plate accuracy on the openalpr US set (plates/openalpr_us, 222 photos): vehicle detection, text
/// locator (whole photo too when a car fills it), fast-plate-ocr, and with <c>second-opinion</c> PP-OCR when the first
/// reader is unsure, as photo triage reads. A read counts when its normalised text equals the label.
/// </summary>
public static class PlateEndToEndHarness
{
    public static double Run(TextWriter output, bool secondOpinion = false)
    {
        var directory = Path.Combine(BenchmarkAssets.SamplesDirectory, "plates", "openalpr_us");
        using var textDetector = new TextRegionDetector(new TextRegionDetectorOptions(), BenchmarkAssets.ModelDirectory);
        using var vehicleDetector = new ObjectDetector(
            new DetectorOptions { ModelPath = "yolox_nano_coco_dynamic.onnx", InputSize = 640 }, BenchmarkAssets.ModelDirectory);
        using var plateReader = new FastPlateOcrReader(Path.Combine(BenchmarkAssets.ModelDirectory, "fast_plate_ocr_cct_xs_v1_global.onnx"), new InferenceOptions());
        using var secondReader = secondOpinion
            ? new PaddleTextRecognizer(Path.Combine(BenchmarkAssets.ModelDirectory, "ppocr", "ch_PP-OCRv4_rec_infer.onnx"),
                Path.Combine(BenchmarkAssets.ModelDirectory, "ppocr", "ppocr_keys_v1.txt"), new InferenceOptions())
            : null;
        var reader = new PlatePhotoReader(new VehiclePlateFinder(new TextPlateLocator(textDetector), vehicleDetector),
            new PlateCropReader(plateReader, secondReader, new PlateCropReaderOptions { Grammar = PlateGrammarMode.Generic }));

        var watch = Stopwatch.StartNew();
        var (correct, total) = LabelledPhotoEvaluation.Run(reader, directory,
            (photo, expected, read) => output.WriteLine($"{photo}: expected {expected}, read {read ?? "nothing"}"));
        var accuracy = total == 0 ? 0 : (double)correct / total;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"openalpr_us end to end{(secondOpinion ? " with the second opinion" : string.Empty)}: {correct}/{total} = {accuracy:P1}, {watch.Elapsed.TotalMilliseconds / Math.Max(1, total):F0} ms per photo"));
        return accuracy;
    }
}
