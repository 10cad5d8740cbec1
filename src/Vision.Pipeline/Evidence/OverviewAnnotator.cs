using System.Globalization;
using OpenCvSharp;
using Vision.Domain.Geometry;
using Vision.Pipeline.ObjectDetection;

namespace Vision.Pipeline.Evidence;

/// <summary>
/// Draws the overview of a violation on a copy-owned frame: the track path (bottom-centre of each box, where the wheels
/// meet the road), the vehicle box and label, and two banners: camera, local capture time and frame counter on top;
/// violation, law, zone, light state and plate below. Text goes through <see cref="HersheyText"/>.
/// </summary>
public static class OverviewAnnotator
{
    private static readonly Scalar VehicleColour = new(0, 0, 255);
    private static readonly Scalar PathColour = new(0, 255, 255);
    private static readonly Scalar ZoneColour = new(255, 160, 0);
    private static readonly Scalar TextColour = Scalar.White;
    private static readonly Scalar BannerColour = Scalar.Black;

    public static void Draw(Mat image, OverviewAnnotation annotation)
    {
        var scale = Math.Max(0.45, image.Width / 1600.0);
        var thickness = Math.Max(1, (int)Math.Round(scale * 2));
        DrawPath(image, annotation.TrackPath, thickness);
        if (annotation.ZoneOutline.Count >= 3)
        {
            Cv2.Polylines(image, [annotation.ZoneOutline.Select(p => new Point((int)Math.Round(p.X), (int)Math.Round(p.Y))).ToArray()], true, ZoneColour, thickness + 1, LineTypes.AntiAlias);
        }

        var box = ToRect(annotation.VehicleBox.ClampTo(image.Width, image.Height));
        Cv2.Rectangle(image, box, VehicleColour, thickness + 1);
        var label = HersheyText.Transliterate(annotation.PlateText is null ? annotation.VehicleLabel : $"{annotation.VehicleLabel}  {annotation.PlateText}");
        var labelSize = Cv2.GetTextSize(label, HersheyFonts.HersheySimplex, scale, thickness, out var baseline);
        // Above the box, unless the top banner would hide it: then just below the box (or inside it at the bottom of the image).
        var labelHeight = labelSize.Height + baseline + 4;
        var labelTop = box.Top - labelHeight >= BannerHeight(scale, thickness, 2)
            ? box.Top - labelHeight
            : Math.Min(box.Bottom + 2, image.Height - BannerHeight(scale, thickness, 2) - labelHeight);
        Cv2.Rectangle(image, new Rect(box.Left, labelTop, labelSize.Width + 6, labelSize.Height + baseline + 4), VehicleColour, -1);
        Cv2.PutText(image, label, new Point(box.Left + 3, labelTop + labelSize.Height + 2), HersheyFonts.HersheySimplex, scale, TextColour, thickness, LineTypes.AntiAlias);

        var time = annotation.CapturedAtLocal.ToString("yyyy-MM-dd HH:mm:ss.fff zzz", CultureInfo.InvariantCulture);
        DrawBanner(image, top: true, scale, thickness,
            $"{annotation.CameraName} ({annotation.CameraId})",
            $"{time}   frame #{annotation.Sequence}");
        var law = annotation.LegalCode is null ? annotation.Violation : $"{annotation.Violation}  ({annotation.LegalCode})";
        var context = string.Join("   ", new[]
        {
            annotation.ZoneName is null ? null : "zone: " + annotation.ZoneName,
            annotation.LightState is null ? null : "light: " + annotation.LightState,
            "plate: " + (annotation.PlateText ?? "not read"),
        }.OfType<string>());
        DrawBanner(image, top: false, scale, thickness, law, context);
    }

    private static void DrawPath(Mat image, IReadOnlyList<BoundingBox> path, int thickness)
    {
        var points = path.Select(box => new Point((int)Math.Round(box.CenterX), (int)Math.Round(box.Bottom))).ToArray();
        for (var i = 1; i < points.Length; i++)
        {
            Cv2.Line(image, points[i - 1], points[i], PathColour, thickness, LineTypes.AntiAlias);
        }

        foreach (var point in points)
        {
            Cv2.Circle(image, point, thickness + 1, PathColour, -1, LineTypes.AntiAlias);
        }
    }

    private static void DrawBanner(Mat image, bool top, double scale, int thickness, params string[] lines)
    {
        var texts = lines.Select(HersheyText.Transliterate).ToArray();
        var lineHeight = LineHeight(scale, thickness, out var baseline);
        var height = Math.Min(image.Height, BannerHeight(scale, thickness, texts.Length));
        var y0 = top ? 0 : image.Height - height;
        using (var region = new Mat(image, new Rect(0, y0, image.Width, height)))
        using (var shade = new Mat(region.Size(), region.Type(), BannerColour))
        {
            Cv2.AddWeighted(region, 0.35, shade, 0.65, 0, region);
        }

        for (var i = 0; i < texts.Length; i++)
        {
            var baselineY = y0 + 3 + (i + 1) * lineHeight - baseline - 3;
            Cv2.PutText(image, texts[i], new Point(8, baselineY), HersheyFonts.HersheySimplex, scale, TextColour, thickness, LineTypes.AntiAlias);
        }
    }

    private static int LineHeight(double scale, int thickness, out int baseline) =>
        Cv2.GetTextSize("Ag", HersheyFonts.HersheySimplex, scale, thickness, out baseline).Height + baseline + 6;

    private static int BannerHeight(double scale, int thickness, int lines) => LineHeight(scale, thickness, out _) * lines + 6;

    private static Rect ToRect(BoundingBox box) =>
        new((int)Math.Floor(box.Left), (int)Math.Floor(box.Top), Math.Max(1, (int)Math.Ceiling(box.Width)), Math.Max(1, (int)Math.Ceiling(box.Height)));
}
