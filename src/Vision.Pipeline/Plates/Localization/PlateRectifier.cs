using OpenCvSharp;
using Vision.Domain.Geometry;
using Vision.Pipeline.ObjectDetection;

namespace Vision.Pipeline.Plates.Localization;

/// <summary>
/// Cuts a plate out of its vehicle crop as an upright rectangle, undoing tilt and perspective when the corners are known,
/// optionally with a margin around the candidate for the reader (see <see cref="PlateCrop"/>).
/// </summary>
public static class PlateRectifier
{
    /// <summary>A new image (owned by the caller) holding just the candidate's box or quadrilateral.</summary>
    public static Mat Rectify(Mat crop, PlateCandidate candidate) => Rectify(crop, candidate, 0, 0);

    /// <summary>
    /// A new image (owned by the caller): the candidate with <paramref name="horizontalMargin"/> of its width added left
    /// and right and <paramref name="verticalMargin"/> of its height above and below. The corners are pushed out along
    /// the plate's own axes; pixels beyond the crop repeat its edge (a box without corners is clipped instead).
    /// </summary>
    public static Mat Rectify(Mat crop, PlateCandidate candidate, float horizontalMargin, float verticalMargin)
    {
        ArgumentNullException.ThrowIfNull(crop);
        ArgumentNullException.ThrowIfNull(candidate);
        if (candidate.Corners is not { Count: 4 } plateCorners)
        {
            return CutBox(crop, candidate, horizontalMargin, verticalMargin);
        }

        var corners = Widen(plateCorners, horizontalMargin, verticalMargin);
        var width = (int)MathF.Round(MathF.Max(Distance(corners[0], corners[1]), Distance(corners[3], corners[2])));
        var height = (int)MathF.Round(MathF.Max(Distance(corners[0], corners[3]), Distance(corners[1], corners[2])));
        if (width < 2 || height < 2)
        {
            return CutBox(crop, candidate, horizontalMargin, verticalMargin);
        }

        Point2f[] upright = [new(0, 0), new(width - 1, 0), new(width - 1, height - 1), new(0, height - 1)];
        using var transform = Cv2.GetPerspectiveTransform(corners, upright);
        var plate = new Mat();
        Cv2.WarpPerspective(crop, plate, transform, new Size(width, height), InterpolationFlags.Linear, BorderTypes.Replicate);
        return plate;
    }

    private static Mat CutBox(Mat crop, PlateCandidate candidate, float horizontalMargin, float verticalMargin)
    {
        var box = candidate.Box;
        var grown = new BoundingBox(
            box.Left - horizontalMargin * box.Width, box.Top - verticalMargin * box.Height,
            box.Right + horizontalMargin * box.Width, box.Bottom + verticalMargin * box.Height).ClampTo(crop.Width, crop.Height);
        var rect = new Rect((int)grown.Left, (int)grown.Top, Math.Max(1, (int)MathF.Ceiling(grown.Right) - (int)grown.Left), Math.Max(1, (int)MathF.Ceiling(grown.Bottom) - (int)grown.Top));
        rect = rect.Intersect(new Rect(0, 0, crop.Width, crop.Height));
        using var view = new Mat(crop, rect);
        return view.Clone();
    }

    /// <summary>Corners (top-left, top-right, bottom-right, bottom-left) moved out from the centre along the plate's width and height.</summary>
    private static Point2f[] Widen(IReadOnlyList<Point2f> corners, float horizontalMargin, float verticalMargin)
    {
        if (horizontalMargin == 0 && verticalMargin == 0)
        {
            return [.. corners];
        }

        var centre = new Point2f(corners.Average(point => point.X), corners.Average(point => point.Y));
        var across = Unit(corners[1] - corners[0] + (corners[2] - corners[3]));
        var down = Unit(corners[3] - corners[0] + (corners[2] - corners[1]));
        return [.. corners.Select(point =>
        {
            var offset = point - centre;
            var x = (offset.X * across.X + offset.Y * across.Y) * (1 + 2 * horizontalMargin);
            var y = (offset.X * down.X + offset.Y * down.Y) * (1 + 2 * verticalMargin);
            return new Point2f(centre.X + x * across.X + y * down.X, centre.Y + x * across.Y + y * down.Y);
        })];
    }

    private static Point2f Unit(Point2f vector)
    {
        var length = MathF.Max(1e-6f, MathF.Sqrt(vector.X * vector.X + vector.Y * vector.Y));
        return new Point2f(vector.X / length, vector.Y / length);
    }

    private static float Distance(Point2f a, Point2f b) => MathF.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y));
}
