using Vision.Domain.Geometry;
using Vision.Pipeline.Analysis;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Tests.Support;
using Xunit.Abstractions;

namespace Vision.Pipeline.Tests.RoadUsers;

/// <summary>
/// Photo analysis (and triage, which detects the same way) on real photos: every two-wheeler with a rider is one
/// object of the vehicle's class, boxed around vehicle and rider, with its rider count; the rider is no separate person.
/// Expected boxes were drawn by hand on the photos.
/// </summary>
[Collection(DetectorCollection.Name)]
public sealed class RoadUserPhotoTests(DetectorFixture detectors, ITestOutputHelper output)
{
    public static TheoryData<string, string, int[]> RiddenTwoWheelers => new()
    {
        // Two motorbikes ridden away from the camera behind the silver car (the 416 pass calls them cars; the 960 pass sees motorcycles).
        { "vn_cars_4.jpg", "motorcycle", [777, 352, 825, 474, 806, 352, 844, 440] },
        { "cyclist_yfv2_000139.jpg", "bicycle", [115, 55, 261, 270] },
        { "bicycle_helmet_yfv2_000230.jpg", "bicycle", [159, 85, 400, 356] },
    };

    [Theory]
    [MemberData(nameof(RiddenTwoWheelers))]
    public void Photo_RiddenTwoWheeler_IsOneObjectWithItsRider(string photo, string vehicleClass, int[] boxes)
    {
        var found = Detect(photo);
        var expected = Boxes(boxes);
        var vehicles = found.Where(f => f.Class == vehicleClass && f.Detection.Riders >= 1).Select(f => f.Detection.Box).ToList();

        ExpectedBoxes.AssertEachMatched(expected, vehicles);
        Assert.Equal(expected.Count, vehicles.Count);
        foreach (var box in expected)
        {
            Assert.DoesNotContain(found, f => f.Class == "person" && f.Detection.Box.IntersectionOverUnion(box) > 0.3f);
        }
    }

    [Fact]
    public void ParkedMotorbikes_StayMotorbikesWithoutRiders()
    {
        var found = Detect("vn_motorbikes_parked_101.jpg");

        var motorbikes = found.Where(f => f.Class == "motorcycle").ToList();
        ExpectedBoxes.AssertEachMatched(Boxes([0, 175, 173, 500, 236, 368, 490, 895, 476, 184, 640, 513, 652, 175, 909, 615]), [.. motorbikes.Select(m => m.Detection.Box)]);
        Assert.All(found, f => Assert.Equal(0, f.Detection.Riders));
        Assert.DoesNotContain(found, f => f.Class == "person");
    }

    [Theory]
    [InlineData("street_00001_ppvehicle.jpg")]
    [InlineData("street_cars_yfv2_000004.jpg")]
    public void StreetPhotos_WithoutTwoWheelers_HaveNoRiders(string photo)
    {
        var found = Detect(photo);

        Assert.DoesNotContain(found, f => f.Class is "motorcycle" or "bicycle" || f.Detection.Riders > 0);
        Assert.Contains(found, f => f.Class == "car");
    }

    private List<(string Class, Detection Detection)> Detect(string photo)
    {
        using var image = TestAssets.SampleImage("images/" + photo);
        var detections = detectors.Detectors.Detect(image, DetectionProfile.HighResolution);
        var found = detections.Objects.Select(o => (Class: detections.ClassNameOf(o), o.Detection)).ToList();
        foreach (var (name, detection) in found)
        {
            output.WriteLine($"{name} {detection.Confidence:F2} riders {detection.Riders} {detection.Box}");
        }

        return found;
    }

    private static List<BoundingBox> Boxes(int[] corners) =>
        [.. corners.Chunk(4).Select(c => new BoundingBox(c[0], c[1], c[2], c[3]))];
}
