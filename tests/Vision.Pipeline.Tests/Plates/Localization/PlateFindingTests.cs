using OpenCvSharp;
using Vision.Domain.Geometry;
using Vision.Domain.Plates;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Plates;
using Vision.Pipeline.Plates.Localization;
using Vision.Pipeline.Tests.Support;
using Xunit.Abstractions;

namespace Vision.Pipeline.Tests.Plates.Localization;

[Collection(PlateLocalizationCollection.Name)]
public sealed class PlateFindingTests(PlateLocalizationFixture models, ITestOutputHelper output)
{
    // Drawn by eye on the photos (zoomed PNG crops): the plate's painted area, border included.
    private static readonly BoundingBox WhitePlate = new(100, 459, 149, 484);
    private static readonly BoundingBox YellowPlate = new(657, 413, 705, 439);
    private static readonly BoundingBox Plate29B125662 = new(278, 672, 392, 770);
    private static readonly BoundingBox Plate30L90860 = new(550, 442, 610, 493);
    // The burned-in overlay of the enforcement camera: the red text block along the bottom of the frame.
    private static readonly BoundingBox Overlay = new(0, 1995, 3392, 2264);

    [Fact]
    public void TextLocator_FindsBothPlates_OnTwoCarPhoto()
    {
        var plates = FindWith(models.Finder, "images/vn_cars_4.jpg");

        ExpectedBoxes.AssertEachMatched([WhitePlate, YellowPlate], [.. plates.Select(plate => plate.Box)]);
    }

    [Fact]
    public void UserSuppliedYoloV5Locator_FindsBothPlates_OnTwoCarPhoto()
    {
        var finder = new VehiclePlateFinder(models.DetectorLocator, models.VehicleDetector);

        var plates = FindWith(finder, "images/vn_cars_4.jpg");

        ExpectedBoxes.AssertEachMatched([WhitePlate, YellowPlate], [.. plates.Select(plate => plate.Box)]);
        Assert.Contains(models.PlateDetector.Model, finder.Models);
    }

    [Fact]
    public void TextLocator_FindsTwoLinePlates_OnParkedMotorbikes()
    {
        var plates = FindWith(models.Finder, "images/vn_motorbikes_parked_101.jpg");

        foreach (var expected in new[] { Plate29B125662, Plate30L90860 })
        {
            var match = plates.OrderByDescending(plate => plate.Box.IntersectionOverUnion(expected)).First();
            Assert.True(match.Box.IntersectionOverUnion(expected) >= 0.5f, $"best IoU {match.Box.IntersectionOverUnion(expected):F2} for {expected}");
            Assert.Equal(PlateLayout.TwoLine, match.Layout);
        }
    }

    [Fact]
    public void TextLocator_FindsPlate_OnOneCarPhoto()
    {
        var plates = FindWith(models.Finder, "images/vn_car_3.jpg");

        Assert.NotEmpty(plates);
    }

    [Fact]
    public void BurnedInOverlay_IsNotReportedAsPlate()
    {
        var plates = FindWith(models.Finder, "images/street_00001_ppvehicle.jpg");

        Assert.NotEmpty(plates);
        Assert.All(plates, plate => Assert.Equal(0, plate.Box.IntersectionOverUnion(Overlay) > 0 ? 1 : 0));
    }

    [Fact]
    public void Rectifier_UprightsTiltedPlate()
    {
        using var crop = new Mat(200, 300, MatType.CV_8UC3, Scalar.All(0));
        var corners = new[] { new Point2f(50, 60), new Point2f(250, 80), new Point2f(245, 140), new Point2f(45, 120) };
        var candidate = new PlateCandidate(new BoundingBox(45, 60, 250, 140), corners, PlateLayout.OneLine, 1);

        using var plate = PlateRectifier.Rectify(crop, candidate);
        using var forReading = PlateRectifier.Rectify(crop, candidate, PlateCrop.ReadingMargin, PlateCrop.ReadingMargin);

        Assert.Equal(201, plate.Width);
        Assert.Equal(60, plate.Height);
        // The reading margin adds 10 % of the plate's width and height on each side, along the plate's own axes.
        Assert.InRange(forReading.Width, 239, 243);
        Assert.InRange(forReading.Height, 71, 73);
    }

    [Fact]
    public void APlateDetectorsTightBoxes_AreCutWithTheLocatorsReadingMargin()
    {
        // Triage's finder cut a plate detector's tight boxes at the text locator's margins (none across for the first
        // crop): the first and last characters were clipped.
        var finder = new VehiclePlateFinder(models.DetectorLocator, models.VehicleDetector);
        using var image = TestAssets.SampleImage("images/vn_cars_4.jpg");

        var plates = finder.Find(image).ToList();
        try
        {
            // Only a plate with room for the margin on both sides can show it; the photo must hold at least one.
            var roomy = plates.Where(plate => plate.Box.Left >= plate.Box.Width * 0.2f && plate.Box.Right + plate.Box.Width * 0.2f <= image.Width).ToList();
            Assert.NotEmpty(roomy);
            foreach (var plate in roomy)
            {
                Assert.True(plate.PlateCrop.Width >= (int)(plate.Box.Width * 1.2f) - 2, $"{plate.Box}: crop {plate.PlateCrop.Width} px wide");
            }
        }
        finally
        {
            plates.ForEach(plate => plate.Dispose());
        }
    }

    [Fact]
    public void ReadingCrop_AddsMarginAroundBox_ClippedToImage()
    {
        using var image = new Mat(100, 200, MatType.CV_8UC3, Scalar.All(0));

        using var inside = PlateCrop.Cut(image, new Rect(50, 40, 100, 30));
        using var atEdge = PlateCrop.Cut(image, new Rect(0, 80, 100, 20));

        Assert.Equal((120, 36), (inside.Width, inside.Height));
        Assert.Equal((110, 22), (atEdge.Width, atEdge.Height));
    }

    private List<VehiclePlate> FindWith(VehiclePlateFinder finder, string sample)
    {
        using var image = TestAssets.SampleImage(sample);
        var plates = finder.Find(image).ToList();
        foreach (var plate in plates)
        {
            output.WriteLine($"{plate.Box} {plate.Layout} {plate.Score:F2} on {plate.VehicleClass}");
            plate.Dispose();
        }

        return plates;
    }
}
