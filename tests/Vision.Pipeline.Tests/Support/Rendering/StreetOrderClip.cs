using OpenCvSharp;

namespace Vision.Pipeline.Tests.Support.Rendering;

/// <summary>
/// Slow street-order clips rendered by code from real photos on the road of <see cref="StreetClip"/> (960×560): sparse
/// frames (one every <see cref="Scenario.Interval"/>) whose capture times span the configured durations. Each object is
/// cut from a sample photo on its detector box and pasted with its bottom centre where the scenario says, frame by frame.
/// None of the samples shows a parasol, table, chair, bench or cow, so the stall is a bicycle shop's bicycles set out on
/// the verge (the scene marks <c>bicycle</c> as goods) and the cattle are the real horses of the darknet samples.
/// </summary>
public static class StreetOrderClip
{
    public static readonly DateTimeOffset Start = new(2026, 11, 30, 7, 0, 0, TimeSpan.FromHours(7));

    /// <summary>The scene of every scenario: the left verge is a sidewalk, the right kerb of the road a no-parking zone, the carriageway the road.</summary>
    public const string SceneJson = """
        {
          "Id": "rendered-street-order", "Version": 1,
          "Zones": [
            { "Name": "left verge", "Kind": "Sidewalk", "Polygon": [[0.0, 0.45], [0.31, 0.45], [0.17, 1.0], [0.0, 1.0]] },
            { "Name": "right kerb", "Kind": "NoParking", "Polygon": [[0.3, 0.5], [0.8, 0.5], [0.98, 1.0], [0.3, 1.0]], "MaxDwell": "00:05:00" },
            { "Name": "carriageway", "Kind": "Road", "Polygon": [[0.31, 0.0], [0.62, 0.0], [0.92, 1.0], [0.16, 1.0]] }
          ],
          "Rules": {
            "Enabled": ["SidewalkEncroachment", "SidewalkParkingLot", "LooseCattle", "AnimalOnRoad"],
            "GoodsClasses": ["umbrella", "dining table", "chair", "bench", "potted plant", "couch", "bicycle"],
            "EncroachmentMinShare": 0.25,
            "EncroachmentMinDuration": "00:15:00",
            "ParkingLotVehicleLimit": 2,
            "ParkingLotMinDuration": "00:10:00",
            "StationaryWindow": "00:01:00",
            "SlowCaseClearDuration": "00:02:00",
            "HerdClearDuration": "00:00:30"
          }
        }
        """;

    /// <summary>An object cut from a sample photo (its detector box), scaled to a width in the clip.</summary>
    public sealed record Cutout(string Sample, Rect Box, int Width);

    /// <summary>Where a cut-out stands (bottom centre) in a frame, or null when it is not in the frame.</summary>
    public sealed record Placement(Cutout Cutout, Func<int, Point2f?> BottomCentreAt);

    public sealed record Scenario(string Name, int FrameCount, TimeSpan Interval, IReadOnlyList<Placement> Placements)
    {
        public DateTimeOffset CapturedAt(long sequence) => Start + Interval * sequence;
    }

    public static readonly Cutout Bicycle = new("bicycle_helmet_yfv2_000230.jpg", new Rect(159, 191, 241, 165), 200);
    public static readonly Cutout MotorbikeA = new("vn_motorbikes_parked_101.jpg", new Rect(476, 184, 164, 329), 140);
    public static readonly Cutout MotorbikeB = new("vn_motorbikes_parked_101.jpg", new Rect(182, 143, 187, 342), 140);
    public static readonly Cutout MotorbikeC = new("vn_motorbikes_parked_101.jpg", new Rect(652, 175, 257, 440), 140);
    public static readonly Cutout HorseA = new("horses_darknet.jpg", new Rect(0, 187, 338, 224), 280);
    public static readonly Cutout HorseB = new("person_horse_dog_darknet.jpg", new Rect(403, 138, 200, 207), 200);

    /// <summary>Standing at <paramref name="at"/> in frames [first, last].</summary>
    public static Placement Still(Cutout cutout, int first, int last, Point2f at) =>
        new(cutout, f => f >= first && f <= last ? at : null);

    /// <summary>Moving from <paramref name="from"/> by <paramref name="step"/> a frame in frames [first, last].</summary>
    public static Placement Moving(Cutout cutout, int first, int last, Point2f from, Point2f step) =>
        new(cutout, f => f >= first && f <= last ? new Point2f(from.X + step.X * (f - first), from.Y + step.Y * (f - first)) : null);

    /// <summary>Renders every frame as JPEG (quality 90).</summary>
    public static IReadOnlyList<byte[]> Render(Scenario scenario)
    {
        using var background = StreetClip.Background();
        var cuts = scenario.Placements.Select(p => p.Cutout).Distinct().ToDictionary(c => c, c => StreetClip.Cut(c.Sample, c.Box, c.Width));
        try
        {
            var frames = new List<byte[]>(scenario.FrameCount);
            for (var frame = 0; frame < scenario.FrameCount; frame++)
            {
                using var canvas = background.Clone();
                foreach (var placement in scenario.Placements)
                {
                    if (placement.BottomCentreAt(frame) is { } at)
                    {
                        StreetClip.Paste(canvas, cuts[placement.Cutout], at.Y, at.X);
                    }
                }

                Cv2.ImEncode(".jpg", canvas, out var jpeg, new ImageEncodingParam(ImwriteFlags.JpegQuality, 90));
                frames.Add(jpeg);
            }

            return frames;
        }
        finally
        {
            foreach (var cut in cuts.Values)
            {
                cut.Dispose();
            }
        }
    }
}
