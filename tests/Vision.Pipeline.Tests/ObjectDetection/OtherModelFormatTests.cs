using Vision.Domain.Geometry;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Tests.Support;

namespace Vision.Pipeline.Tests.ObjectDetection;

public sealed class OtherModelFormatTests
{
    [Fact]
    public void UserSuppliedYoloV5PlateDetector_FindsBothPlates_OnTwoCarPhoto()
    {
        var options = new DetectorOptions
        {
            ModelPath = TestAssets.Model("test-only/vn_plate_detector_yolov5n_640.onnx"),
            Format = ModelFormat.YoloV5,
            ClassNames = ["licence plate"],
            ConfidenceThreshold = 0.5f,
        };
        using var detector = new ObjectDetector(options, TestAssets.ModelDirectory);
        using var image = TestAssets.SampleImage("images/vn_cars_4.jpg");

        var result = detector.Detect(image);

        Assert.Equal(640, result.Transform.CanvasWidth);
        ExpectedBoxes.AssertEachMatched(
            [new BoundingBox(94, 457, 152, 486), new BoundingBox(653, 414, 705, 442)], // 30G-705.16 (white), 30F-217.17 (yellow)
            result.OfClass("licence plate").Select(p => p.Box).ToList());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("licence plate,car")]
    public void AModelScoringAnotherNumberOfClassesThanAreNamed_StopsAtLoading_NamingBoth(string? names)
    {
        // The one-class plate detector without names took the 80 COCO names (its plates became "person"); with a class
        // too many it loaded too. A model with more classes than names failed on the first frame a higher class won.
        var options = new DetectorOptions
        {
            ModelPath = TestAssets.Model("test-only/vn_plate_detector_yolov5n_640.onnx"),
            Format = ModelFormat.YoloV5,
            ClassNames = names is null ? [] : [.. names.Split(',')],
        };

        var refused = Assert.Throws<InvalidOperationException>(() => new ObjectDetector(options, TestAssets.ModelDirectory));

        Assert.StartsWith($"The model scores 1 classes, but {(names is null ? 80 : 2)} class names are configured", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NanoDet_FindsTheBusAndPeople_OnBusPhoto()
    {
        using var detector = new ObjectDetector(
            new DetectorOptions { ModelPath = "nanodet_m_coco_416.onnx", Format = ModelFormat.NanoDet }, TestAssets.ModelDirectory);
        using var image = TestAssets.SampleImage("images/bus.jpg");

        var result = detector.Detect(image);

        var bus = Assert.Single(result.OfClass("bus"));
        ExpectedBoxes.AssertEachMatched([new BoundingBox(17, 230, 805, 740)], [bus.Box]);
        ExpectedBoxes.AssertEachMatched(
            [new BoundingBox(48, 398, 245, 902), new BoundingBox(222, 406, 344, 857), new BoundingBox(668, 392, 810, 880)],
            result.OfClass("person").Select(p => p.Box).ToList());
    }
}
