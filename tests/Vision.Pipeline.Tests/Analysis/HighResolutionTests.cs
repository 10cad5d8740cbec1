using Vision.Pipeline.Analysis;
using Vision.Pipeline.Tests.Support;

namespace Vision.Pipeline.Tests.Analysis;

[Collection(DetectorCollection.Name)]
public sealed class HighResolutionTests(DetectorFixture fixture)
{
    [Fact]
    public void HighResolution_FindsClearlyMoreMotorbikes_ThanStandard_OnDenseStreet()
    {
        using var photo = TestAssets.SampleImage("images/vn_motorbikes_parked_101.jpg");
        using var denseStreet = SyntheticImages.DenseMosaic(photo, 3); // 45 small motorbikes, 1440×1920

        var standard = fixture.Detectors.Detect(denseStreet, DetectionProfile.Standard).OfClass("motorcycle").Count();
        var highResolution = fixture.Detectors.Detect(denseStreet, DetectionProfile.HighResolution).OfClass("motorcycle").Count();

        Assert.True(standard <= 15, $"standard found {standard}");
        Assert.True(highResolution >= 35, $"high resolution found {highResolution} (standard {standard})");
    }

    [Fact]
    public void HighResolution_KeepsTheStandardPassBox_ForLargeNearbyObjects()
    {
        using var image = TestAssets.SampleImage("images/bus.jpg");

        var detections = fixture.Detectors.Detect(image, DetectionProfile.HighResolution);

        Assert.Equal(2, detections.Runs.Count);
        var bus = Assert.Single(detections.OfClass("bus"));
        ExpectedBoxes.AssertEachMatched([new(17, 230, 805, 740)], [bus.Detection.Box], minimumIou: 0.9f);
        Assert.Equal("yolox_nano_coco_416", detections.Runs[bus.RunIndex].Model.Name);
        Assert.Equal(3, detections.OfClass("person").Count());
    }
}
