using OpenCvSharp;
using Vision.Pipeline.Inference;
using Vision.Pipeline.Plates;
using Vision.Pipeline.Plates.Evaluation;
using Vision.Pipeline.Tests.Support;

namespace Vision.Pipeline.Tests.Plates;

/// <summary>The service's Vietnamese readers: the small-plate model for crops a distant camera records, the sharp one above.</summary>
public sealed class HeightRoutedPlateReaderTests
{
    [Fact]
    public void Small_crops_are_read_by_the_small_plate_model_and_tall_ones_by_the_sharp_one_in_the_crops_order()
    {
        var models = new PlateReaderModels();
        using var small = new FastPlateOcrReader(TestAssets.Model(models.VietnameseSmall), new InferenceOptions());
        using var sharp = new FastPlateOcrReader(TestAssets.Model(models.Vietnamese), new InferenceOptions());
        var routed = new HeightRoutedPlateReader(small, sharp, models.SmallPlateMaxHeight);
        var crops = new List<Mat>();
        foreach (var (name, height) in new[] { ("6xemay538.jpg", 0), ("6xemay538.jpg", 20), ("3xemay708.jpg", 36), ("3xemay708.jpg", 37) })
        {
            var crop = TestAssets.SampleImage($"plates/vn_crops/{name}");
            crops.Add(height > 0 ? CameraDistance.Shrink(crop, height) : crop);
        }

        var reads = routed.Read(crops);

        Assert.Equal([sharp.Model, small.Model, small.Model, sharp.Model], reads.Select(read => read.Model));
        Assert.Equal(PlateReadTexts.Of(sharp.Read([crops[0], crops[3]])), PlateReadTexts.Of([reads[0], reads[3]]));
        Assert.Equal(PlateReadTexts.Of(small.Read([crops[1], crops[2]])), PlateReadTexts.Of([reads[1], reads[2]]));
        Assert.Equal("54P72138", reads[0].Characters);
        Assert.Equal([sharp.Model, small.Model], routed.Models);
        crops.ForEach(crop => crop.Dispose());
    }
}
