using OpenCvSharp;

namespace Vision.Pipeline.Plates.Localization;

/// <summary>Puts the four corners of a quadrilateral in reading order: top-left, top-right, bottom-right, bottom-left.</summary>
public static class PlateCorners
{
    public static Point2f[] Order(IReadOnlyList<Point2f> corners)
    {
        if (corners.Count != 4)
        {
            throw new ArgumentException("A plate quadrilateral has four corners.", nameof(corners));
        }

        // Sort by x, then split left pair from right pair and order each pair by y (PaddleOCR's get_mini_boxes).
        var byX = corners.OrderBy(point => point.X).ToArray();
        var (topLeft, bottomLeft) = byX[0].Y <= byX[1].Y ? (byX[0], byX[1]) : (byX[1], byX[0]);
        var (topRight, bottomRight) = byX[2].Y <= byX[3].Y ? (byX[2], byX[3]) : (byX[3], byX[2]);
        return [topLeft, topRight, bottomRight, bottomLeft];
    }
}
