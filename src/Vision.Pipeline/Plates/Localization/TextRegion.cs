using OpenCvSharp;
using Vision.Domain.Geometry;
using Vision.Pipeline.ObjectDetection;

namespace Vision.Pipeline.Plates.Localization;

/// <summary>One text line found by the text detector, in the pixels of the image it was found in.</summary>
public sealed record TextRegion(RotatedRect Box, BoundingBox Bounds, float Score)
{
    /// <summary>The four corners of <see cref="Box"/>: top-left, top-right, bottom-right, bottom-left.</summary>
    public IReadOnlyList<Point2f> Corners => PlateCorners.Order(Box.Points());
}
