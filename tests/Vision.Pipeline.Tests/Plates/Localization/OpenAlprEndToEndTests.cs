using System.Diagnostics;
using System.Globalization;
using Vision.Pipeline.Plates.Localization;
using Vision.Pipeline.Tests.Support;
using Xunit.Abstractions;

namespace Vision.Pipeline.Tests.Plates.Localization;

/// <summary>
/// Find and read the plate in whole US car photos (openalpr benchmarks, endtoend/us): vehicle detection, text locator,
/// whole photo as a fallback crop, fast-plate-ocr. A read counts when its normalised text equals the label.
/// </summary>
[Collection(PlateLocalizationCollection.Name)]
public sealed class OpenAlprEndToEndTests(PlateLocalizationFixture models, ITestOutputHelper output)
{
    // All 222 photos (about 25–50 s on 2 cores). Measured 184/222 = 82.9 % with the text detector at 640 px and
    // each candidate read at six margins (177/222 at 480 px, 172 with one margin, 166 before the reading margin);
    // the floor sits just under it.
    private const double MinimumAccuracy = 0.815;

    [Fact]
    public void ReadsUsPlates_EndToEnd_AboveFloor()
    {
        var directory = Path.GetDirectoryName(TestAssets.Sample("plates/openalpr_us/car1.txt"))!;
        var reader = models.PhotoReader(Vision.Pipeline.Plates.PlateGrammarMode.Generic);
        var watch = Stopwatch.StartNew();
        var (correct, total) = LabelledPhotoEvaluation.Run(reader, directory,
            (photo, expected, read) => output.WriteLine($"{photo}: expected {expected}, read {read ?? "nothing"}"));
        Assert.Equal(222, total);
        var accuracy = (double)correct / total;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{correct}/{total} = {accuracy:P1} in {watch.Elapsed.TotalSeconds:F1} s"));
        Assert.True(accuracy >= MinimumAccuracy, $"End-to-end accuracy {accuracy:P1} is below the floor {MinimumAccuracy:P0}.");
    }
}
