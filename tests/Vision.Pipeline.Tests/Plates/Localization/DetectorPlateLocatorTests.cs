using Vision.Domain.Geometry;
using Vision.Domain.Plates;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Plates.Localization;
using Vision.Pipeline.Tests.Support;

namespace Vision.Pipeline.Tests.Plates.Localization;

/// <summary>What a plate detector's boxes become as candidates for the reader.</summary>
public sealed class DetectorPlateLocatorTests
{
    [Fact]
    public void ABoxClampedToNothingAtTheCropsEdge_IsNoCandidate_ForItWouldCutOutAnEmptyImage()
    {
        using var vehicle = TestAssets.SampleImage("images/vn_car_3.jpg");
        // A detection in the letterbox padding right of the crop: clamped, it is zero pixels wide.
        var padding = new BoundingBox(vehicle.Width, 100, vehicle.Width + 40, 130).ClampTo(vehicle.Width, vehicle.Height);
        var plate = new BoundingBox(100, 100, 180, 130);
        using (var cut = PlateRectifier.Rectify(vehicle, new PlateCandidate(padding, null, PlateLayout.OneLine, 0.9f)))
        {
            Assert.True(cut.Empty());
        }

        var candidates = DetectorPlateLocator.Candidates([new Detection(padding, 0, 0.9f), new Detection(plate, 0, 0.6f)], 10);

        Assert.Equal(plate, Assert.Single(candidates).Box);
    }
}
