using System.Globalization;
using OpenCvSharp;
using Vision.Pipeline.Plates.Localization;
using Vision.Pipeline.Tests.Support;

namespace Vision.Pipeline.Tests.Plates;

/// <summary>The labelled plate sets under samples/plates, loaded as crops with their labels.</summary>
public static class LabelledPlateCrops
{
    /// <summary>
    /// openalpr_us: crops cut from the labelled boxes (<c>NAME.txt</c> = name, x, y, w, h, text) by the reading crop rule,
    /// <see cref="PlateCrop.ReadingMargin"/> of the box's width and height added on each side.
    /// </summary>
    public static List<(Mat Crop, string Label)> OpenAlprUs()
    {
        var directory = Path.GetDirectoryName(TestAssets.Sample("plates/openalpr_us/0b86cecf-67d1-4fc0-87c9-b36b0ee228bb.txt"))!;
        var samples = new List<(Mat, string)>();
        foreach (var labelFile in Directory.GetFiles(directory, "*.txt").Order(StringComparer.Ordinal))
        {
            var fields = File.ReadAllText(labelFile).Trim().Split('\t');
            using var image = TestAssets.SampleImage($"plates/openalpr_us/{fields[0]}");
            var box = new Rect(Parse(fields[1]), Parse(fields[2]), Parse(fields[3]), Parse(fields[4]));
            samples.Add((PlateCrop.Cut(image, box), fields[5]));
        }

        return samples;
    }

    /// <summary>vn_crops: <c>labels.tsv</c> = file, text (machine-made labels, about 8 % wrong).</summary>
    public static List<(Mat Crop, string Label)> VietnameseCrops() =>
        [.. VietnameseCropLabels().Select(label => (TestAssets.SampleImage($"plates/vn_crops/{label.File}"), label.Text))];

    /// <summary>vn_crops' labels, in the order of <c>labels.tsv</c>: the crop's file name and its text.</summary>
    public static IEnumerable<(string File, string Text)> VietnameseCropLabels() =>
        File.ReadAllLines(TestAssets.Sample("plates/vn_crops/labels.tsv"))
            .Where(line => line.Contains('\t', StringComparison.Ordinal))
            .Select(line => line.Split('\t'))
            .Select(fields => (fields[0], fields[1]));

    private static int Parse(string field) => int.Parse(field, CultureInfo.InvariantCulture);
}
