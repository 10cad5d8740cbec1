using OpenCvSharp;
using Vision.Domain.Geometry;

namespace Vision.Pipeline.Scenes;

/// <summary>The homography from normalised image coordinates to metres on the road surface, from the four calibration points.</summary>
public sealed class GroundPlane
{
    private readonly double[] _h = new double[9];

    public GroundPlane(IReadOnlyList<NormalizedPoint> imagePoints, IReadOnlyList<GroundPoint> groundPoints)
    {
        using var matrix = Cv2.GetPerspectiveTransform(
            imagePoints.Select(p => new Point2f((float)p.X, (float)p.Y)),
            groundPoints.Select(p => new Point2f((float)p.XMetres, (float)p.YMetres)));
        for (var i = 0; i < 9; i++)
        {
            _h[i] = matrix.At<double>(i / 3, i % 3);
        }
    }

    public GroundPoint ToGround(double normalizedX, double normalizedY)
    {
        var w = _h[6] * normalizedX + _h[7] * normalizedY + _h[8];
        return new GroundPoint(
            (_h[0] * normalizedX + _h[1] * normalizedY + _h[2]) / w,
            (_h[3] * normalizedX + _h[4] * normalizedY + _h[5]) / w);
    }
}
