namespace Vision.Domain.Geometry;

/// <summary>An axis-aligned box in pixel coordinates (left, top, right, bottom) of the space that produced it.</summary>
public readonly record struct BoundingBox(float Left, float Top, float Right, float Bottom)
{
    public float Width => Right - Left;
    public float Height => Bottom - Top;
    public float Area => Width > 0 && Height > 0 ? Width * Height : 0;
    public float CenterX => (Left + Right) / 2;
    public float CenterY => (Top + Bottom) / 2;

    public static BoundingBox FromCenter(float centerX, float centerY, float width, float height) =>
        new(centerX - width / 2, centerY - height / 2, centerX + width / 2, centerY + height / 2);

    public float IntersectionOverUnion(BoundingBox other)
    {
        var intersectionWidth = MathF.Min(Right, other.Right) - MathF.Max(Left, other.Left);
        var intersectionHeight = MathF.Min(Bottom, other.Bottom) - MathF.Max(Top, other.Top);
        if (intersectionWidth <= 0 || intersectionHeight <= 0)
        {
            return 0;
        }

        var intersection = intersectionWidth * intersectionHeight;
        return intersection / (Area + other.Area - intersection);
    }

    /// <summary>The smallest box holding both.</summary>
    public BoundingBox Union(BoundingBox other) =>
        new(MathF.Min(Left, other.Left), MathF.Min(Top, other.Top), MathF.Max(Right, other.Right), MathF.Max(Bottom, other.Bottom));

    /// <summary>The area both boxes cover.</summary>
    public float IntersectionArea(BoundingBox other)
    {
        var width = MathF.Min(Right, other.Right) - MathF.Max(Left, other.Left);
        var height = MathF.Min(Bottom, other.Bottom) - MathF.Max(Top, other.Top);
        return width > 0 && height > 0 ? width * height : 0;
    }

    /// <summary>The share of the smaller box that the other covers (0 when either has no area).</summary>
    public float OverlapOfSmaller(BoundingBox other)
    {
        var smaller = MathF.Min(Area, other.Area);
        return smaller > 0 ? IntersectionArea(other) / smaller : 0;
    }

    /// <summary>Whether the other box's centre lies in this box (edges included).</summary>
    public bool HoldsCentreOf(BoundingBox other) =>
        Left <= other.CenterX && other.CenterX <= Right && Top <= other.CenterY && other.CenterY <= Bottom;

    public BoundingBox ClampTo(int width, int height) => new(
        Math.Clamp(Left, 0, width), Math.Clamp(Top, 0, height),
        Math.Clamp(Right, 0, width), Math.Clamp(Bottom, 0, height));
}
