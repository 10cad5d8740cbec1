using OpenCvSharp;
using Vision.Domain.Geometry;
using Vision.Domain.Inference;
using Vision.Domain.Plates;
using Vision.Domain.TrafficLights;
using Vision.Domain.Violations;
using Vision.Pipeline.Cameras;
using Vision.Pipeline.Inference;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Plates;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.Tests.Support;
using Vision.Pipeline.TrafficLights;

namespace Vision.Pipeline.Tests.Evidence;

/// <summary>Real sample photos as a camera's buffered frames, a camera in Huế, and violation candidates over them.</summary>
public static class EvidenceSamples
{
    public static readonly DateTimeOffset FirstCapture = new(2026, 11, 28, 7, 30, 0, TimeSpan.FromHours(7));

    public static CameraDefinition Camera { get; } = new()
    {
        Id = "hue-le-loi-01",
        Name = "Ngã tư Lê Lợi – Hùng Vương, Huế",
        Latitude = 16.4637,
        Longitude = 107.5909,
        ExpectedFramesPerSecond = 10,
    };

    /// <summary>The sample photo's JPEG bytes as <paramref name="count"/> frames at 10 frames/s, sequences from <paramref name="firstSequence"/>.</summary>
    public static IReadOnlyList<EncodedFrame> PhotoFrames(string sample, int count, long firstSequence = 100, DateTimeOffset? firstCapture = null)
    {
        var jpeg = TestAssets.SampleBytes(sample);
        var start = firstCapture ?? FirstCapture;
        return [.. Enumerable.Range(0, count).Select(i =>
            new EncodedFrame(Camera.Id, firstSequence + i, start + TimeSpan.FromMilliseconds(100 * i), jpeg))];
    }

    /// <summary>The largest car the real detector finds in the sample.</summary>
    public static BoundingBox LargestCar(ObjectDetector detector, string sample)
    {
        using var image = TestAssets.SampleImage(sample);
        var result = detector.Detect(image);
        return result.OfClass("car").MaxBy(car => car.Box.Area).Box;
    }

    public static ViolationCandidate RedLight(EncodedFrame at, BoundingBox box, IReadOnlyList<TrackPoint> path, TrackPlate? plate = null) =>
        new(
            ViolationCandidate.CreateId(Camera.Id, ViolationKind.RedLight, 7, at.CapturedAt.AddSeconds(-2), at.Sequence - 5),
            Camera.Id,
            ViolationKind.RedLight,
            7,
            "car",
            at.Sequence,
            at.CapturedAt,
            box,
            [new KeyFrame(at.Sequence, at.CapturedAt, KeyFrameRole.At)],
            path,
            [new Measurement("speed", 31.5, "km/h"), new Measurement("time since red", 2.4, "s")],
            [
                new LightStateChange("north-main", TrafficLightState.Green, at.Sequence - 60, at.CapturedAt - TimeSpan.FromSeconds(6)),
                new LightStateChange("north-main", TrafficLightState.Yellow, at.Sequence - 54, at.CapturedAt - TimeSpan.FromSeconds(5.4)),
                new LightStateChange("north-main", TrafficLightState.Red, at.Sequence - 24, at.CapturedAt - TimeSpan.FromSeconds(2.4)),
            ],
            "vạch dừng hướng Bắc",
            new LegalReference("Nghị định 168/2024/NĐ-CP", 6, 9, "b", new FineRange(18_000_000, 20_000_000)),
            new RuleProvenance("hue-le-loi-01", 3, new string('a', 64), "red-light/north-main"),
            [new ModelIdentity("yolox-nano-coco-416", new string('b', 64))]) { Plate = plate };

    /// <summary>A straight path of boxes ending at <paramref name="box"/> over the frames before it.</summary>
    public static IReadOnlyList<TrackPoint> PathTo(BoundingBox box, IReadOnlyList<EncodedFrame> frames, long atSequence) =>
        [.. frames.Where(f => f.Sequence <= atSequence && f.Sequence > atSequence - 10).Select(f =>
        {
            var shift = (atSequence - f.Sequence) * 6f;
            return new TrackPoint(f.Sequence, f.CapturedAt, box with { Top = box.Top + shift, Bottom = box.Bottom + shift });
        })];

    public static Mat Decode(string path) => Cv2.ImRead(path, ImreadModes.Color);
}
