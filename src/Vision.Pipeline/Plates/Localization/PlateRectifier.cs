using OpenCvSharp;

namespace Vision.Pipeline.Plates.Localization;

/// <summary>Cuts a plate out of its vehicle crop as an upright rectangle, undoing tilt and perspective when the corners are known.</summary>
public static class PlateRectifier
{
    /// <summary>A new image (owned by the caller) holding just the plate.</summary>
    public static Mat Rectify(Mat crop, PlateCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(crop);
        ArgumentNullException.ThrowIfNull(candidate);
        if (candidate.Corners is not { Count: 4 } corners)
        {
            return CutBox(crop, candidate);
        }

        var width = (int)MathF.Round(MathF.Max(Distance(corners[0], corners[1]), Distance(corners[3], corners[2])));
        var height = (int)MathF.Round(MathF.Max(Distance(corners[0], corners[3]), Distance(corners[1], corners[2])));
        if (width < 2 || height < 2)
        {
            return CutBox(crop, candidate);
        }

        Point2f[] upright = [new(0, 0), new(width - 1, 0), new(width - 1, height - 1), new(0, height - 1)];
        using var transform = Cv2.GetPerspectiveTransform(corners, upright);
        var plate = new Mat();
        Cv2.WarpPerspective(crop, plate, transform, new Size(width, height), InterpolationFlags.Linear, BorderTypes.Replicate);
        return plate;
    }

    private static Mat CutBox(Mat crop, PlateCandidate candidate)
    {
        var box = candidate.Box.ClampTo(crop.Width, crop.Height);
        var rect = new Rect((int)box.Left, (int)box.Top, Math.Max(1, (int)MathF.Ceiling(box.Right) - (int)box.Left), Math.Max(1, (int)MathF.Ceiling(box.Bottom) - (int)box.Top));
        rect = rect.Intersect(new Rect(0, 0, crop.Width, crop.Height));
        using var view = new Mat(crop, rect);
        return view.Clone();
    }

    private static float Distance(Point2f a, Point2f b) => MathF.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y));
}
