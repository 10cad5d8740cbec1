using OpenCvSharp;
using Vision.Domain.Geometry;

namespace Vision.Pipeline.Scenes;

/// <summary>A scene drawn in the pixels of one frame size (made once per resolution and cached by <see cref="Scene"/>).</summary>
public sealed class SceneGeometry
{
    internal SceneGeometry(SceneDocument document, int width, int height)
    {
        Width = width;
        Height = height;
        Zones = document.Zones.Select(z => new PixelPolygon(z.Polygon.Select(p => p.ToPixels(width, height)).ToList())).ToArray();
        Lanes = document.Lanes.Select(l => new PixelPolygon(l.Polygon.Select(p => p.ToPixels(width, height)).ToList())).ToArray();
        LaneDirections = document.Lanes.Select(l =>
        {
            var dx = (float)(l.Direction.X * width);
            var dy = (float)(l.Direction.Y * height);
            var length = MathF.Sqrt(dx * dx + dy * dy);
            return new PixelPoint(dx / length, dy / length);
        }).ToArray();
        StopLines = document.StopLines.Select(s => new PixelSegment(s.Start.ToPixels(width, height), s.End.ToPixels(width, height))).ToArray();
        // Oriented so that the intersection side is the positive side.
        StopLineBeyondSign = document.StopLines.Select((s, i) => StopLines[i].SignedDistance(s.Beyond.ToPixels(width, height)) >= 0 ? 1f : -1f).ToArray();
        SolidLines = document.SolidLines.Select(l => Enumerable.Range(0, l.Points.Count - 1)
            .Select(i => new PixelSegment(l.Points[i].ToPixels(width, height), l.Points[i + 1].ToPixels(width, height))).ToArray()).ToArray();
        LightRegions = document.Lights.Select(l =>
        {
            var topLeft = l.TopLeft.ToPixels(width, height);
            var bottomRight = l.BottomRight.ToPixels(width, height);
            return new Rect((int)topLeft.X, (int)topLeft.Y, Math.Max(1, (int)(bottomRight.X - topLeft.X)), Math.Max(1, (int)(bottomRight.Y - topLeft.Y)));
        }).ToArray();
        LineHysteresisPixels = (float)(document.Rules.LineHysteresis * height);
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Indexed as <see cref="SceneDocument.Zones"/>.</summary>
    public IReadOnlyList<PixelPolygon> Zones { get; }

    public IReadOnlyList<PixelPolygon> Lanes { get; }

    /// <summary>Unit vectors in pixels, indexed as <see cref="SceneDocument.Lanes"/>.</summary>
    public IReadOnlyList<PixelPoint> LaneDirections { get; }

    public IReadOnlyList<PixelSegment> StopLines { get; }

    /// <summary>+1 when the intersection lies on the positive side of the stop line's segment, else -1.</summary>
    public IReadOnlyList<float> StopLineBeyondSign { get; }

    public IReadOnlyList<PixelSegment[]> SolidLines { get; }

    /// <summary>Each light's housing in source pixels, indexed as <see cref="SceneDocument.Lights"/>.</summary>
    public IReadOnlyList<Rect> LightRegions { get; }

    public float LineHysteresisPixels { get; }

    /// <summary>Converts pixels to normalised coordinates of this frame size.</summary>
    public NormalizedPoint Normalize(PixelPoint point) => new(point.X / Width, point.Y / Height);
}
