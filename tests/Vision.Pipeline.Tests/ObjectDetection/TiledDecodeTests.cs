using OpenCvSharp;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.Tests.Support;

namespace Vision.Pipeline.Tests.ObjectDetection;

/// <summary>
/// A camera frame is decoded only as large as the detector needs (JPEG's scaled decoding); a detector on tiles
/// decides to tile by the width of the image it is given, so the decode must keep frames wide enough to be tiled.
/// </summary>
public sealed class TiledDecodeTests
{
    [Theory]
    [InlineData(1920, 1080)]
    [InlineData(1920, 1120)]
    [InlineData(3840, 2160)]
    [InlineData(1280, 720)]
    public void AFrameWideEnoughForTiles_IsDecodedWideEnoughToBeTiled(int width, int height)
    {
        var tiles = new TileOptions();
        using var detector = new ObjectDetector(
            new DetectorOptions { ModelPath = "yolox_nano_coco_416.onnx", Tiles = tiles }, TestAssets.ModelDirectory);
        using var photo = TestAssets.SampleImage("images/street_cars_yfv2_000004.jpg");
        using var frame = photo.Resize(new Size(width, height));
        Cv2.ImEncode(".jpg", frame, out var jpeg);

        var (neededWidth, neededHeight) = detector.PixelsNeeded(width, height);
        using var decoded = ScaledJpegDecoder.Decode(jpeg, ScaledJpegDecoder.ModeFor(width, height, neededWidth, neededHeight));

        Assert.InRange(decoded.Width, tiles.MinSourceWidth, width);
    }

    [Fact]
    public void AFrameNarrowerThanTheTilesWidth_IsStillDecodedOnlyAsLargeAsTheWholeFramePassNeeds()
    {
        using var detector = new ObjectDetector(
            new DetectorOptions { ModelPath = "yolox_nano_coco_416.onnx", Tiles = new TileOptions() }, TestAssets.ModelDirectory);

        Assert.Equal((416, 243), detector.PixelsNeeded(960, 560));
    }
}
