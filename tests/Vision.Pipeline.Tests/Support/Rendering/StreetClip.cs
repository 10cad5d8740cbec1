using OpenCvSharp;

namespace Vision.Pipeline.Tests.Support.Rendering;

/// <summary>
/// A junction clip rendered by code from real photos: the road of <c>street_00001_ppvehicle.jpg</c> with its own
/// vehicles inpainted away (960×560, the caption banner cut off), a painted traffic light at the top right, and two
/// real cars cut from the samples on their detector boxes, driving up the right-hand lane at 12 px a frame, 10 fps.
/// Car A (the white hatchback of <c>vn_cars_4.jpg</c>) crosses the stop line (y = 280) on green; the light turns red
/// at frame <see cref="RedFromFrame"/>; car B (the white SUV of the street photo) crosses it on red; car C (the
/// hatchback again) follows and stops 40 px before the line. Meanwhile a motorbike (cut from
/// <c>vn_motorbikes_parked_101.jpg</c>) rides up the left verge, drawn as a sidewalk zone, at 8 px a frame from frame 10 to 30.
/// </summary>
public static class StreetClip
{
    public const int Width = 960;
    public const int Height = 560;
    public const int FrameCount = 100;
    public const int RedFromFrame = 30;
    public const int CarAFirstFrame = 0;
    public const int CarALastFrame = 35;
    public const int CarBFirstFrame = 42;
    public const int CarBLastFrame = 80;
    public const int CarCFirstFrame = 66;
    public const float CarCStopBottomY = 320;
    public const int MotorbikeFirstFrame = 10;
    public const int MotorbikeLastFrame = 30;
    public const float MotorbikeStartBottomY = 470;
    public const float VergeX = 66;
    public const float MotorbikePixelsPerFrame = 8;
    public const float LaneCentreX = 610;
    public const float StartBottomY = 545;
    public const float PixelsPerFrame = 12;
    public const float StopLineY = 280;

    /// <summary>Where the light housing is painted (30×90 px, lamps red / yellow / green from the top).</summary>
    public static readonly Rect LightHousing = new(900, 24, 30, 90);

    /// <summary>The scene drawn on this clip: the stop line across the right-hand lane, governed by the painted light.</summary>
    public const string SceneJson = """
        {
          "Id": "rendered-junction", "Version": 1,
          "Zones": [ { "Name": "verge", "Kind": "Sidewalk", "Polygon": [[0.0, 0.55], [0.12, 0.55], [0.12, 1.0], [0.0, 1.0]] } ],
          "Lights": [ { "Id": "right-lane", "TopLeft": [0.9323, 0.0357], "BottomRight": [0.9740, 0.2143] } ],
          "StopLines": [ { "Name": "right-lane stop line", "Start": [0.45, 0.5], "End": [0.85, 0.5], "Beyond": [0.6, 0.3], "Lights": ["right-lane"] } ]
        }
        """;

    private static readonly DateTimeOffset Start = new(2026, 11, 28, 17, 30, 0, TimeSpan.FromHours(7));

    public static DateTimeOffset CapturedAt(long sequence) => Start + TimeSpan.FromMilliseconds(100 * sequence);

    /// <summary>The bottom of a car's box in a frame (its anchor row), or null when it is not in the frame.</summary>
    public static float? CarBottom(int frame, int firstFrame, int lastFrame) =>
        frame < firstFrame || frame > lastFrame ? null : StartBottomY - PixelsPerFrame * (frame - firstFrame);

    /// <summary>Car C drives up like the others, then waits before the line until the clip ends.</summary>
    public static float? CarCBottom(int frame) =>
        frame < CarCFirstFrame ? null : Math.Max(CarCStopBottomY, StartBottomY - PixelsPerFrame * (frame - CarCFirstFrame));

    public static float? MotorbikeBottom(int frame) =>
        frame < MotorbikeFirstFrame || frame > MotorbikeLastFrame ? null : MotorbikeStartBottomY - MotorbikePixelsPerFrame * (frame - MotorbikeFirstFrame);

    /// <summary>Renders every frame as JPEG (quality 90).</summary>
    public static IReadOnlyList<byte[]> Render()
    {
        using var background = Background();
        using var carA = Cut("vn_cars_4.jpg", new Rect(30, 333, 320, 184), 190);
        using var carB = Cut("street_00001_ppvehicle.jpg", new Rect(1999, 822, 476, 415), 170);
        using var motorbike = Cut("vn_motorbikes_parked_101.jpg", new Rect(0, 176, 162, 331), 130);
        var frames = new List<byte[]>(FrameCount);
        for (var frame = 0; frame < FrameCount; frame++)
        {
            using var canvas = background.Clone();
            Paste(canvas, carA, CarBottom(frame, CarAFirstFrame, CarALastFrame));
            Paste(canvas, carB, CarBottom(frame, CarBFirstFrame, CarBLastFrame));
            Paste(canvas, carA, CarCBottom(frame));
            Paste(canvas, motorbike, MotorbikeBottom(frame), VergeX);
            PaintLight(canvas, frame >= RedFromFrame);
            Cv2.ImEncode(".jpg", canvas, out var jpeg, new ImageEncodingParam(ImwriteFlags.JpegQuality, 90));
            frames.Add(jpeg);
        }

        return frames;
    }

    public static Mat Background()
    {
        using var photo = TestAssets.SampleImage("images/street_00001_ppvehicle.jpg");
        using var road = new Mat(photo, new Rect(0, 0, photo.Width, 1980));
        var scaled = new Mat();
        Cv2.Resize(road, scaled, new Size(Width, Height), 0, 0, InterpolationFlags.Area);
        var scaleX = (double)Width / photo.Width;
        var scaleY = (double)Height / 1980;
        using var mask = new Mat(scaled.Size(), MatType.CV_8UC1, Scalar.Black);
        // The photo's own vehicles (the detector's boxes: SUV, far van, near van), with a margin that takes their shadows.
        foreach (var box in new[] { new Rect(1999, 822, 476, 415), new Rect(1169, 279, 294, 396), new Rect(1126, 741, 563, 805) })
        {
            var scaledBox = new Rect((int)(box.X * scaleX) - 10, (int)(box.Y * scaleY) - 8, (int)(box.Width * scaleX) + 20, (int)(box.Height * scaleY) + 30);
            Cv2.Rectangle(mask, scaledBox, Scalar.White, -1);
        }

        var inpainted = new Mat();
        Cv2.Inpaint(scaled, mask, inpainted, 7, InpaintTypes.Telea);
        scaled.Dispose();
        return inpainted;
    }

    public static Mat Cut(string sample, Rect box, int width)
    {
        using var photo = TestAssets.SampleImage("images/" + sample);
        using var vehicle = new Mat(photo, box);
        var scaled = new Mat();
        Cv2.Resize(vehicle, scaled, new Size(width, (int)Math.Round((double)box.Height * width / box.Width)), 0, 0, InterpolationFlags.Area);
        return scaled;
    }

    public static void Paste(Mat canvas, Mat vehicle, float? bottom, float centreX = LaneCentreX)
    {
        if (bottom is not { } y)
        {
            return;
        }

        var top = (int)Math.Round(y) - vehicle.Height;
        var left = (int)Math.Round(centreX - vehicle.Width / 2f);
        var target = new Rect(left, top, vehicle.Width, vehicle.Height);
        var visible = target.Intersect(new Rect(0, 0, canvas.Width, canvas.Height));
        using var source = new Mat(vehicle, new Rect(visible.X - left, visible.Y - top, visible.Width, visible.Height));
        using var destination = new Mat(canvas, visible);
        source.CopyTo(destination);
    }

    internal static void PaintLight(Mat canvas, bool red)
    {
        Cv2.Rectangle(canvas, LightHousing, new Scalar(30, 30, 30), -1);
        for (var lamp = 0; lamp < 3; lamp++)
        {
            var lit = (red && lamp == 0) || (!red && lamp == 2);
            var colour = !lit ? new Scalar(55, 55, 55) : red ? new Scalar(30, 30, 240) : new Scalar(90, 230, 40);
            Cv2.Circle(canvas, new Point(LightHousing.X + 15, LightHousing.Y + 15 + 30 * lamp), 11, colour, -1, LineTypes.AntiAlias);
        }
    }
}
