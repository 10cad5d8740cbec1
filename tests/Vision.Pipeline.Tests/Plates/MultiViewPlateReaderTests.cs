using OpenCvSharp;
using Vision.Pipeline.Inference;
using Vision.Pipeline.Plates;
using Vision.Pipeline.Plates.Evaluation;
using Vision.Pipeline.Tests.Support;

namespace Vision.Pipeline.Tests.Plates;

/// <summary>The small-plate reader reading each crop in several views and pooling the slot probabilities.</summary>
public sealed class MultiViewPlateReaderTests
{
    private static readonly string s_smallModel = TestAssets.Model(PlateReaderModels.VietnameseSmallModelFile);

    [Fact]
    public void One_view_reads_exactly_as_the_reader_alone()
    {
        using var reader = new FastPlateOcrReader(s_smallModel, new InferenceOptions());
        var crops = StreetCameraCrops(24, 8).Select(sample => sample.Crop).ToList();

        var alone = reader.Read(crops);
        var oneView = new MultiViewPlateReader(reader, 1).Read(crops);

        Assert.Equal(PlateReadTexts.Of(alone), PlateReadTexts.Of(oneView));
        crops.ForEach(crop => crop.Dispose());
    }

    [Fact]
    public void Five_views_read_more_street_camera_plates_exactly_than_the_crop_alone()
    {
        // vn_crops shrunk to 24 px with a street camera's effects, the small reader alone (no grammar, no second
        // opinion): measured 47.5 % exact with five views, 41.2 % alone; 86.3 % and 84.9 % per character.
        using var reader = new FastPlateOcrReader(s_smallModel, new InferenceOptions());
        var views = new MultiViewPlateReader(reader, MultiViewPlateReader.MaxViews);

        var alone = PlateScoring.Score(StreetCameraCrops(24), crops => reader.Read(crops).Select(read => read.Characters));
        var pooled = PlateScoring.Score(StreetCameraCrops(24), crops => views.Read(crops).Select(read => read.Characters));

        Assert.Equal(600, pooled.Count);
        Assert.True(pooled.ExactMatchRate >= alone.ExactMatchRate + 0.03, $"five views {pooled.ExactMatchRate:P1}, the crop alone {alone.ExactMatchRate:P1}");
        Assert.True(pooled.CharacterAccuracy > alone.CharacterAccuracy, $"five views {pooled.CharacterAccuracy:P1}, the crop alone {alone.CharacterAccuracy:P1}");
    }

    [Fact]
    public void Reads_come_back_in_the_crops_order_named_after_the_one_model()
    {
        using var reader = new FastPlateOcrReader(s_smallModel, new InferenceOptions());
        var views = new MultiViewPlateReader(reader, MultiViewPlateReader.MaxViews);
        var crops = StreetCameraCrops(24, 6).Select(sample => sample.Crop).ToList();

        var together = views.Read(crops);
        var oneByOne = crops.Select(crop => views.Read([crop])[0]).ToList();

        Assert.Equal(PlateReadTexts.Of(oneByOne), PlateReadTexts.Of(together));
        Assert.All(together, read => Assert.Equal(reader.Model, read.Model));
        Assert.Equal([reader.Model], ((IPlateReader)views).Models);
        Assert.Empty(views.Read([]));
        crops.ForEach(crop => crop.Dispose());
    }

    [Fact]
    public void Pooling_keeps_what_the_views_agree_on_and_weighs_each_view_as_evidence()
    {
        var identical = new SlotScores([0.6f, 0.3f, 0.1f, 0.2f, 0.2f, 0.6f], 2, 3);
        var opposite = SlotScores.GeometricMean([new SlotScores([0.8f, 0.2f], 1, 2), new SlotScores([0.2f, 0.8f], 1, 2)]);
        var unsureAndSure = SlotScores.GeometricMean([new SlotScores([0.9f, 0.1f], 1, 2), new SlotScores([0.5f, 0.5f], 1, 2)]);

        Assert.Equal(identical.Values, SlotScores.GeometricMean([identical, identical, identical]).Values, (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.Equal([0.5f, 0.5f], opposite.Values, (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.Equal([0.75f, 0.25f], unsureAndSure.Values, (a, b) => Math.Abs(a - b) < 1e-6);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(MultiViewPlateReader.MaxViews + 1)]
    public void A_number_of_views_out_of_range_is_refused(int views)
    {
        using var reader = new FastPlateOcrReader(s_smallModel, new InferenceOptions());

        Assert.Throws<ArgumentOutOfRangeException>(() => new MultiViewPlateReader(reader, views));
    }

    [Fact]
    public void The_service_reads_small_vietnamese_plates_in_five_views_unless_configured_otherwise()
    {
        var directory = Path.GetDirectoryName(s_smallModel)!;
        using var sessions = new ModelSessions(directory, new InferenceSettings());
        using var defaults = PlateReaderSet.Load(new PlateReaderModels(), file => sessions.Get(file));
        using var single = PlateReaderSet.Load(new PlateReaderModels { SmallPlateViews = 1 }, file => sessions.Get(file));
        using var reader = new FastPlateOcrReader(s_smallModel, new InferenceOptions());
        var crops = StreetCameraCrops(24, 6).Select(sample => sample.Crop).ToList();

        Assert.Equal(PlateReadTexts.Of(new MultiViewPlateReader(reader, MultiViewPlateReader.MaxViews).Read(crops)), PlateReadTexts.Of(defaults.Vietnamese.Read(crops)));
        Assert.Equal(PlateReadTexts.Of(reader.Read(crops)), PlateReadTexts.Of(single.Vietnamese.Read(crops)));
        crops.ForEach(crop => crop.Dispose());
    }

    /// <summary>The first <paramref name="count"/> vn_crops shrunk to <paramref name="height"/> with each crop's own street camera effects (as <c>vision plates evaluate</c>).</summary>
    private static List<(Mat Crop, string Label)> StreetCameraCrops(int height, int count = int.MaxValue) =>
    [
        .. LabelledPlateCrops.VietnameseCropLabels().Take(count)
            .Select(label => (CameraDistance.Shrink(TestAssets.SampleImage($"plates/vn_crops/{label.File}"), height, new Random(StreetCameraRecording.SeedOf(label.File))), label.Text)),
    ];
}
