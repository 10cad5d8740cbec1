using Vision.Domain.Geometry;

namespace Vision.Pipeline.Scenes;

/// <summary>A line segment in source pixels; tells on which side of it a point lies and how far.</summary>
public readonly record struct PixelSegment(PixelPoint Start, PixelPoint End)
{
    public float Length => Start.DistanceTo(End);

    /// <summary>Signed distance of <paramref name="point"/> from the segment's line in pixels: positive on the left of Start→End (image axes, y down).</summary>
    public float SignedDistance(PixelPoint point)
    {
        var dx = End.X - Start.X;
        var dy = End.Y - Start.Y;
        return (dx * (point.Y - Start.Y) - dy * (point.X - Start.X)) / Length;
    }

    /// <summary>Where the point projects along the segment: 0 at Start, 1 at End.</summary>
    public float Projection(PixelPoint point)
    {
        var dx = End.X - Start.X;
        var dy = End.Y - Start.Y;
        return ((point.X - Start.X) * dx + (point.Y - Start.Y) * dy) / (dx * dx + dy * dy);
    }
}
