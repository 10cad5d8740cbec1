using Vision.Domain.Geometry;

namespace Vision.Pipeline.Scenes;

/// <summary>A simple polygon in source pixels, with a point-in-polygon test (even-odd rule).</summary>
public sealed class PixelPolygon
{
    private readonly float[] _x;
    private readonly float[] _y;
    private readonly float _minX, _minY, _maxX, _maxY;

    public PixelPolygon(IReadOnlyList<PixelPoint> points)
    {
        _x = points.Select(p => p.X).ToArray();
        _y = points.Select(p => p.Y).ToArray();
        _minX = _x.Min();
        _maxX = _x.Max();
        _minY = _y.Min();
        _maxY = _y.Max();
    }

    public bool Contains(PixelPoint point)
    {
        if (point.X < _minX || point.X > _maxX || point.Y < _minY || point.Y > _maxY)
        {
            return false;
        }

        var inside = false;
        for (int i = 0, j = _x.Length - 1; i < _x.Length; j = i++)
        {
            if ((_y[i] > point.Y) != (_y[j] > point.Y)
                && point.X < (_x[j] - _x[i]) * (point.Y - _y[i]) / (_y[j] - _y[i]) + _x[i])
            {
                inside = !inside;
            }
        }

        return inside;
    }
}
