using System.Text.Json.Serialization;

namespace Vision.Domain.Geometry;

/// <summary>A point on the image in normalised coordinates: (0, 0) is the top-left corner, (1, 1) the bottom-right. Written as [x, y] in scene files.</summary>
[JsonConverter(typeof(NormalizedPointJsonConverter))]
public readonly record struct NormalizedPoint(double X, double Y)
{
    public bool IsInsideImage => X is >= 0 and <= 1 && Y is >= 0 and <= 1;

    public PixelPoint ToPixels(int width, int height) => new((float)(X * width), (float)(Y * height));

    public override string ToString() => $"[{X}, {Y}]";
}
