using OpenCvSharp;

namespace Vision.Pipeline.Tests.Support.Rendering;

/// <summary>
/// A junction clip of motorbikes ridden the Huế way, rendered by code on the road of <see cref="StreetClip"/> (960×560,
/// 10 fps) from real photos: two motorbikes ridden away from the camera (rider and motorbike seen from behind, cut
/// together from <c>vn_cars_4.jpg</c>), a scooter seen from the front (<c>vn_motorbikes_parked_101.jpg</c>) with a rider
/// (a person of <c>bus.jpg</c>), the rear of a parked motorbike (<c>vn_motorbikes_parked_101.jpg</c>) carrying three
/// people seen from behind, a pedestrian (<c>bus.jpg</c>) and the white hatchback of <c>vn_cars_4.jpg</c>. Every
/// position is scripted, so every crossing, duration and speed is known exactly:
/// <list type="bullet">
/// <item>rear rider A rides up the right-hand lane (12 px a frame) and crosses the stop line (y = 280) on red;</item>
/// <item>rear rider B rides up the west sidewalk (the strip of the left carriageway drawn as one; 5 px a frame) for 3 s;</item>
/// <item>a pedestrian walks across the road at 3 px a frame (about 1.9 m/s);</item>
/// <item>rear rider A rides up the one-way southbound lane (8 px a frame): wrong way;</item>
/// <item>the hatchback drives up the right-hand lane on green through the 27 m speed zone in 1.5 s (64.8 km/h, limit 50);</item>
/// <item>the front-view scooter rides down the southbound lane, its right direction;</item>
/// <item>three people ride the rear-view motorbike up the right-hand lane on green.</item>
/// </list>
/// </summary>
public static class RiderClip
{
    public const int Width = StreetClip.Width;
    public const int Height = StreetClip.Height;
    public const int FrameCount = 100;
    public const int GreenFromFrame = 50;

    public const float RightLaneX = StreetClip.LaneCentreX;
    public const float SouthboundLaneX = 340;
    public const float KerbX = 182;
    public const float StopLineY = StreetClip.StopLineY;

    public static readonly Path RedLightRider = new(0, 30, RightLaneX, 545, -12);
    public static readonly Path SidewalkRider = new(0, 30, KerbX, 520, -5);
    public static readonly Path Pedestrian = new(0, 60, 700, 330, 0, DeltaX: 3);
    public static readonly Path WrongWayRider = new(35, 70, SouthboundLaneX, 545, -8);
    public static readonly Path SpeedingCar = new(60, 75, RightLaneX, 532, -28);
    public static readonly Path FrontRider = new(78, 99, SouthboundLaneX, 250, 14);
    public static readonly Path OverloadedMotorbike = new(76, 99, RightLaneX, 545, -9);

    /// <summary>The speed zone: 420 image rows (y 112 to 532) of the right-hand lane are 27 m of road.</summary>
    public const double SpeedZoneMetres = 27;

    /// <summary>The hatchback's true speed: 28 px a frame at 10 fps over 420 px for 27 m.</summary>
    public const double SpeedingCarKmh = 28 * 10 * SpeedZoneMetres / 420 * 3.6;

    /// <summary>
    /// The scene: the west sidewalk, stop line across the right-hand lane governed by the painted light, the one-way
    /// southbound lane (towards the camera), and the speed zone calibrated on the right-hand lane (7 m wide, 27 m long),
    /// limits 50 km/h for cars and 40 for motorbikes, tolerance 3 km/h.
    /// </summary>
    public const string SceneJson = """
        {
          "Id": "rendered-riders", "Version": 1,
          "Zones": [ { "Name": "west sidewalk", "Kind": "Sidewalk", "Polygon": [[0.13, 0.55], [0.24, 0.55], [0.24, 1.0], [0.13, 1.0]] } ],
          "Lights": [ { "Id": "right-lane", "TopLeft": [0.9323, 0.0357], "BottomRight": [0.9740, 0.2143] } ],
          "StopLines": [ { "Name": "right-lane stop line", "Start": [0.5, 0.5], "End": [0.85, 0.5], "Beyond": [0.6, 0.3], "Lights": ["right-lane"] } ],
          "Lanes": [ { "Name": "southbound", "Polygon": [[0.25, 0.3], [0.45, 0.3], [0.45, 1.0], [0.25, 1.0]], "Direction": [0, 1] } ],
          "Calibration": { "ImagePoints": [[0.5, 0.2], [0.85, 0.2], [0.85, 0.95], [0.5, 0.95]], "GroundPointsMetres": [[0, 27], [7, 27], [7, 0], [0, 0]] },
          "SpeedLimits": [ { "Class": "car", "SpeedLimitKmh": 50 }, { "Class": "motorcycle", "SpeedLimitKmh": 40 } ],
          "Rules": { "SpeedToleranceKmh": 3 }
        }
        """;

    private static readonly DateTimeOffset Start = new(2026, 12, 1, 7, 15, 0, TimeSpan.FromHours(7));

    public static DateTimeOffset CapturedAt(long sequence) => Start + TimeSpan.FromMilliseconds(100 * sequence);

    /// <summary>Renders every frame as JPEG (quality 90).</summary>
    public static IReadOnlyList<byte[]> Render()
    {
        using var background = StreetClip.Background();
        using var riderA = StreetClip.Cut("vn_cars_4.jpg", new Rect(781, 350, 44, 124), 88);
        using var riderB = StreetClip.Cut("vn_cars_4.jpg", new Rect(781, 350, 44, 124), 80);
        using var pedestrian = StreetClip.Cut("bus.jpg", new Rect(220, 402, 127, 453), 50);
        using var car = StreetClip.Cut("vn_cars_4.jpg", new Rect(30, 333, 320, 184), 190);
        using var scooter = StreetClip.Cut("vn_motorbikes_parked_101.jpg", new Rect(660, 175, 200, 210), 90);
        using var seatedPerson = StreetClip.Cut("bus.jpg", new Rect(220, 402, 127, 300), 60);
        using var motorbikeRear = StreetClip.Cut("vn_motorbikes_parked_101.jpg", new Rect(236, 368, 254, 527), 150);
        using var backA = StreetClip.Cut("vn_cars_4.jpg", new Rect(781, 350, 33, 70), 76);
        using var backB = StreetClip.Cut("vn_cars_4.jpg", new Rect(807, 351, 36, 62), 82);
        // Parts drawn in order at (x from the bottom centre, rise of their bottom above it).
        (Mat Part, float X, float Rise)[] frontRider = [(seatedPerson, 0, scooter.Height / 2), (scooter, 0, 0)];
        var seat = motorbikeRear.Height * 5 / 8;
        (Mat Part, float X, float Rise)[] threeRiders = [(motorbikeRear, 0, 0), (backA, -50, seat), (backA, 50, seat), (backB, 0, seat - 10)];
        var frames = new List<byte[]>(FrameCount);
        for (var frame = 0; frame < FrameCount; frame++)
        {
            using var canvas = background.Clone();
            Draw(canvas, Pedestrian, frame, (pedestrian, 0, 0));
            Draw(canvas, RedLightRider, frame, (riderA, 0, 0));
            Draw(canvas, SidewalkRider, frame, (riderB, 0, 0));
            Draw(canvas, WrongWayRider, frame, (riderA, 0, 0));
            Draw(canvas, SpeedingCar, frame, (car, 0, 0));
            Draw(canvas, FrontRider, frame, frontRider);
            Draw(canvas, OverloadedMotorbike, frame, threeRiders);
            StreetClip.PaintLight(canvas, red: frame < GreenFromFrame);
            Cv2.ImEncode(".jpg", canvas, out var jpeg, new ImageEncodingParam(ImwriteFlags.JpegQuality, 90));
            frames.Add(jpeg);
        }

        return frames;
    }

    private static void Draw(Mat canvas, Path path, int frame, params (Mat Part, float X, float Rise)[] parts)
    {
        if (path.At(frame) is not { } at)
        {
            return;
        }

        foreach (var (part, x, rise) in parts)
        {
            StreetClip.Paste(canvas, part, at.Bottom - rise, at.CentreX + x);
        }
    }

    /// <summary>A scripted straight path: the picture's bottom centre from <paramref name="FirstFrame"/> to <paramref name="LastFrame"/>.</summary>
    public sealed record Path(int FirstFrame, int LastFrame, float StartX, float StartBottom, float DeltaBottom, float DeltaX = 0)
    {
        public (float CentreX, float Bottom)? At(int frame) =>
            frame < FirstFrame || frame > LastFrame
                ? null
                : (StartX + DeltaX * (frame - FirstFrame), StartBottom + DeltaBottom * (frame - FirstFrame));
    }
}
