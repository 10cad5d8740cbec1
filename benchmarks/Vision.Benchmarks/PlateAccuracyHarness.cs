using System.Diagnostics;
using System.Globalization;
using OpenCvSharp;
using Vision.Pipeline.Inference;
using Vision.Pipeline.Plates;
using Vision.Pipeline.Plates.Localization;

namespace Vision.Benchmarks;

/// <summary>
/// Plate-reading accuracy on the labelled sets: openalpr_us (crops cut from the labelled boxes
/// by the reading crop rule, <see cref="PlateCrop.ReadingMargin"/> on each side; generic grammar) and
/// vn_crops (Vietnamese grammar). Prints exact-match %, per-character accuracy % and plates per second for
/// fast-plate-ocr alone and for the full <see cref="PlateCropReader"/> (grammar + PP-OCR second opinion), on the CPU.
/// </summary>
public static class PlateAccuracyHarness
{
    private const int BatchSize = 32;

    public static void Run(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var models = BenchmarkAssets.ModelDirectory;
        var options = new InferenceOptions();
        using var fastPlateOcr = new FastPlateOcrReader(Path.Combine(models, "fast_plate_ocr_cct_xs_v1_global.onnx"), options);
        using var paddle = new PaddleTextRecognizer(
            Path.Combine(models, "ppocr", "ch_PP-OCRv4_rec_infer.onnx"), Path.Combine(models, "ppocr", "ppocr_keys_v1.txt"), options);

        output.WriteLine($"{"set",-12} {"reader",-44} {"plates",6} {"exact %",8} {"char %",7} {"plates/s",9}");
        foreach (var (name, grammar, samples) in new[]
                 {
                     ("openalpr_us", PlateGrammarMode.Generic, OpenAlprCrops()),
                     ("vn_crops", PlateGrammarMode.Vietnamese, VietnameseCrops()),
                 })
        {
            var crops = samples.Select(s => s.Crop).ToList();
            var labels = samples.Select(s => s.Label).ToList();
            fastPlateOcr.Read([crops[0]]);
            Report(output, name, "fast-plate-ocr alone", labels, crops, batch => fastPlateOcr.Read(batch).Select(r => r.Characters));
            var full = new PlateCropReader(fastPlateOcr, paddle, new PlateCropReaderOptions { Grammar = grammar });
            Report(output, name, "fast-plate-ocr + grammar + PP-OCR 2nd opinion", labels, crops, batch => full.Read(batch).Select(r => r.Text.Normalized));
            var grammarOnly = new PlateCropReader(fastPlateOcr, null, new PlateCropReaderOptions { Grammar = grammar });
            Report(output, name, "fast-plate-ocr + grammar", labels, crops, batch => grammarOnly.Read(batch).Select(r => r.Text.Normalized));
            Report(output, name, "PP-OCR alone", labels, crops, batch => paddle.Read(batch).Select(r => r.Characters));
            crops.ForEach(c => c.Dispose());
        }
    }

    private static void Report(TextWriter output, string set, string reader, List<string> labels, List<Mat> crops, Func<List<Mat>, IEnumerable<string>> read)
    {
        var accuracy = new PlateAccuracy();
        var start = Stopwatch.GetTimestamp();
        for (var offset = 0; offset < crops.Count; offset += BatchSize)
        {
            var batch = crops.GetRange(offset, Math.Min(BatchSize, crops.Count - offset));
            var k = offset;
            foreach (var text in read(batch))
            {
                accuracy.Add(labels[k++], text);
            }
        }

        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{set,-12} {reader,-44} {accuracy.Count,6} {accuracy.ExactMatchRate * 100,8:F1} {accuracy.CharacterAccuracy * 100,7:F1} {crops.Count / seconds,9:F0}"));
    }

    private static List<(Mat Crop, string Label)> OpenAlprCrops()
    {
        var directory = Path.Combine(BenchmarkAssets.SamplesDirectory, "plates", "openalpr_us");
        var samples = new List<(Mat, string)>();
        foreach (var labelFile in Directory.GetFiles(directory, "*.txt").Order(StringComparer.Ordinal))
        {
            var fields = File.ReadAllText(labelFile).Trim().Split('\t');
            using var image = BenchmarkAssets.SampleImage(Path.Combine("plates", "openalpr_us", fields[0]));
            var box = new Rect(int.Parse(fields[1], CultureInfo.InvariantCulture), int.Parse(fields[2], CultureInfo.InvariantCulture),
                int.Parse(fields[3], CultureInfo.InvariantCulture), int.Parse(fields[4], CultureInfo.InvariantCulture));
            samples.Add((PlateCrop.Cut(image, box), fields[5]));
        }

        return samples;
    }

    private static List<(Mat Crop, string Label)> VietnameseCrops()
    {
        var directory = Path.Combine(BenchmarkAssets.SamplesDirectory, "plates", "vn_crops");
        return [.. File.ReadAllLines(Path.Combine(directory, "labels.tsv"))
            .Where(line => line.Contains('\t', StringComparison.Ordinal))
            .Select(line => line.Split('\t'))
            .Select(fields => (BenchmarkAssets.SampleImage(Path.Combine("plates", "vn_crops", fields[0])), fields[1]))];
    }
}
