namespace Vision.Domain.Geometry;

/// <summary>A point in the source image's pixels.</summary>
public readonly record struct PixelPoint(float X, float Y)
{
    public static PixelPoint BottomCentreOf(BoundingBox box) => new(box.CenterX, box.Bottom);

    public float DistanceTo(PixelPoint other) => MathF.Sqrt((X - other.X) * (X - other.X) + (Y - other.Y) * (Y - other.Y));
}
