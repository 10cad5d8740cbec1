using OpenCvSharp;
using Vision.Domain.TrafficLights;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Scenes;
using Vision.Pipeline.Tests.Support;
using Vision.Pipeline.TrafficLights;

namespace Vision.Pipeline.Tests.TrafficLights;

[Collection(DetectorCollection.Name)]
public sealed class TrafficLightBoardTests(DetectorFixture detectors)
{
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 19, 0, 0, TimeSpan.FromHours(7));

    /// <summary>The three lights of openlenda_sample.jpg drawn loosely (about 10 px wider than the lights) in a scene.</summary>
    private const string NightScene = """
        {
          "Id": "openlenda", "Version": 1,
          "Lights": [
            { "Id": "centre-left", "TopLeft": [0.4000, 0.0838], "BottomRight": [0.4477, 0.2216] },
            { "Id": "centre-right", "TopLeft": [0.4563, 0.1150], "BottomRight": [0.5031, 0.2216] },
            { "Id": "far-left", "TopLeft": [0.0281, 0.2156], "BottomRight": [0.0773, 0.3293] }
          ]
        }
        """;

    [Fact]
    public void Board_ReadsEveryLight_FromFramesDecodedAtHalfScale_UsingTheDetectedBoxesOnThem()
    {
        var scene = new SceneLoader(ObjectClasses.Coco, helmetModelAvailable: false).Parse(NightScene, "openlenda.json").Scene!;
        using var photo = TestAssets.SampleImage("images/openlenda_sample.jpg");
        var detections = detectors.HighResolution.Detect(photo).Detections;
        using var half = new Mat();
        Cv2.Resize(photo, half, new Size(photo.Width / 2, photo.Height / 2), 0, 0, InterpolationFlags.Area);
        var board = new TrafficLightBoard(scene.Document.Lights);
        var geometry = scene.GeometryFor(photo.Width, photo.Height);
        Assert.True(ObjectClasses.Coco.TryGetId("traffic light", out var lightClass));

        for (var frame = 0; frame < 3; frame++)
        {
            Assert.Equal(TrafficLightState.Unknown, board.StatusOf("far-left").State);
            board.Read(half, 2f, 2f, geometry, detections, lightClass, frame, Start + TimeSpan.FromMilliseconds(100 * frame));
        }

        Assert.Equal(
            (TrafficLightState.Red, TrafficLightState.Green, TrafficLightState.Red),
            (board.StatusOf("centre-left").State, board.StatusOf("centre-right").State, board.StatusOf("far-left").State));
        Assert.Equal([new LightStateChange("centre-right", TrafficLightState.Green, 0, Start)], board.TimelineOf("centre-right"));
        Assert.Equal(Start, board.StatusOf("far-left").Since);
    }
}
