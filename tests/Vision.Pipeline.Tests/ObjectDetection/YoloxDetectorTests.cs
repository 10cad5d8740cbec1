using Vision.Domain.Geometry;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Tests.Support;

namespace Vision.Pipeline.Tests.ObjectDetection;

[Collection(DetectorCollection.Name)]
public sealed class YoloxDetectorTests(DetectorFixture fixture)
{
    [Fact]
    public void Detect_FindsOneBusAndTheThreeWholePeople_OnBusPhoto()
    {
        using var image = TestAssets.SampleImage("images/bus.jpg");

        var result = fixture.Standard.Detect(image);

        var bus = Assert.Single(result.OfClass("bus"));
        Assert.True(bus.Confidence >= 0.8f, $"bus score {bus.Confidence}");
        ExpectedBoxes.AssertEachMatched([new BoundingBox(17, 230, 805, 740)], [bus.Box]);
        var people = result.OfClass("person").Select(p => p.Box).ToList();
        Assert.True(people.Count >= 3, $"{people.Count} people");
        ExpectedBoxes.AssertEachMatched(
            [new BoundingBox(48, 398, 245, 902), new BoundingBox(222, 406, 344, 857), new BoundingBox(668, 392, 810, 880)],
            people);
    }

    [Fact]
    public void Detect_FindsTheParkedMotorbikes_OnVietnameseParkingPhoto()
    {
        using var image = TestAssets.SampleImage("images/vn_motorbikes_parked_101.jpg");

        var result = fixture.Standard.Detect(image);

        var motorbikes = result.OfClass("motorcycle").Select(m => m.Box).ToList();
        Assert.True(motorbikes.Count >= 4, $"{motorbikes.Count} motorbikes");
        ExpectedBoxes.AssertEachMatched(
            [
                new BoundingBox(205, 282, 504, 897), // front, plate 29-B1 256.62
                new BoundingBox(181, 141, 372, 489), // back left, plate 29-L1 070.29
                new BoundingBox(450, 131, 645, 545), // beige scooter, plate 30-L9 0860
            ],
            motorbikes);
    }

    [Fact]
    public void Detect_FindsTheTrafficLights_OnRainyNightStreet()
    {
        using var image = TestAssets.SampleImage("images/openlenda_sample.jpg");

        var result = fixture.Standard.Detect(image);

        var lights = result.OfClass("traffic light").Select(l => l.Box).ToList();
        Assert.True(lights.Count >= 2, $"{lights.Count} traffic lights");
        ExpectedBoxes.AssertEachMatched(
            [new BoundingBox(40, 190, 103, 268), new BoundingBox(521, 72, 602, 176), new BoundingBox(591, 104, 641, 173)],
            lights);
    }

    [Fact]
    public void Detect_RecordsTheSha256OfTheModelFileThatRan()
    {
        using var image = TestAssets.SampleImage("images/zidane.jpg");

        var result = fixture.Standard.Detect(image);

        Assert.Equal("695e750a5d5754bb5a8d5325643b59282191a7e7a564e435a415fd3c578eab14", result.Model.Sha256);
        Assert.Equal("yolox_nano_coco_416", result.Model.Name);
    }

    [Fact]
    public void Detect_GivesTheSameBoxes_WhenCalledConcurrently()
    {
        using var image = TestAssets.SampleImage("images/bus.jpg");
        var expected = fixture.Standard.Detect(image).Detections;

        var results = Enumerable.Range(0, 8).AsParallel().Select(_ => fixture.Standard.Detect(image).Detections).ToList();

        Assert.All(results, detections => Assert.Equal(expected, detections));
    }

    [Fact]
    public void Detect_HonoursPerClassThresholds()
    {
        var options = new DetectorOptions
        {
            ModelPath = "yolox_nano_coco_416.onnx",
            ClassConfidenceThresholds = new() { ["person"] = 0.85f },
        };
        using var strictAboutPeople = new ObjectDetector(options, TestAssets.ModelDirectory);
        using var image = TestAssets.SampleImage("images/bus.jpg");

        var result = strictAboutPeople.Detect(image);

        Assert.Single(result.OfClass("bus"));
        var person = Assert.Single(result.OfClass("person"));
        Assert.True(person.Confidence >= 0.85f);
    }
}
