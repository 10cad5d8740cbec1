using Vision.Pipeline.Plates;

namespace Vision.Pipeline.Tests.Plates;

/// <summary>Accuracy floors on the labelled sets, a little under what was measured (see PlateAccuracyHarness).</summary>
public class PlateAccuracyFloorTests(PlateReaderFixture readers) : IClassFixture<PlateReaderFixture>
{
    [Fact]
    public void Fast_plate_ocr_alone_on_openalpr_us()
    {
        // Crops with the reading margin (PlateCrop.ReadingMargin, 10 % each side): measured 88.7 % exact, 97.6 % per
        // character (80.6 % / 95.7 % on the bare labelled boxes).
        var accuracy = PlateScoring.Score(LabelledPlateCrops.OpenAlprUs(), crops => readers.FastPlateOcr.Read(crops).Select(r => r.Characters));

        Assert.Equal(222, accuracy.Count);
        Assert.InRange(accuracy.ExactMatchRate, 0.875, 1);
        Assert.InRange(accuracy.CharacterAccuracy, 0.97, 1);
    }

    [Fact]
    public void Crop_reader_in_generic_mode_on_openalpr_us()
    {
        // Measured 89.2 % exact, 97.5 % per character (80.2 % / 95.6 % on the bare labelled boxes).
        var reader = new PlateCropReader(readers.FastPlateOcr, readers.Paddle, new PlateCropReaderOptions { Grammar = PlateGrammarMode.Generic });
        var accuracy = PlateScoring.Score(LabelledPlateCrops.OpenAlprUs(), crops => reader.Read(crops).Select(r => r.Text.Normalized));

        Assert.InRange(accuracy.ExactMatchRate, 0.88, 1);
        Assert.InRange(accuracy.CharacterAccuracy, 0.97, 1);
    }

    [Fact]
    public void Fast_plate_ocr_alone_on_vn_crops()
    {
        // Measured 77.5 % exact, 94.0 % per character.
        var accuracy = PlateScoring.Score(LabelledPlateCrops.VietnameseCrops(), crops => readers.FastPlateOcr.Read(crops).Select(r => r.Characters));

        Assert.Equal(600, accuracy.Count);
        Assert.InRange(accuracy.ExactMatchRate, 0.76, 1);
        Assert.InRange(accuracy.CharacterAccuracy, 0.93, 1);
    }

    [Fact]
    public void Grammar_and_second_opinion_lift_vn_crops_above_78_percent()
    {
        // Measured 81.0 % exact, 94.5 % per character (fast-plate-ocr alone: 77.5 %).
        var reader = new PlateCropReader(readers.FastPlateOcr, readers.Paddle);
        var accuracy = PlateScoring.Score(LabelledPlateCrops.VietnameseCrops(), crops => reader.Read(crops).Select(r => r.Text.Normalized));

        Assert.InRange(accuracy.ExactMatchRate, 0.795, 1);
        Assert.InRange(accuracy.CharacterAccuracy, 0.935, 1);
    }

    [Fact]
    public void Edit_distance_counts_insertions_deletions_and_substitutions()
    {
        Assert.Equal(0, PlateAccuracy.EditDistance("75A18283", "75A18283"));
        Assert.Equal(1, PlateAccuracy.EditDistance("75A18283", "75A1828"));
        Assert.Equal(1, PlateAccuracy.EditDistance("75A18283", "75B18283"));
        Assert.Equal(2, PlateAccuracy.EditDistance("75A18283", "575A1828"));
    }
}
