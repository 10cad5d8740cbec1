using System.Text.Json.Serialization;

namespace Vision.Pipeline.Scenes;

/// <summary>A point on the ground plane in metres, written as [x, y].</summary>
[JsonConverter(typeof(GroundPointJsonConverter))]
public readonly record struct GroundPoint(double XMetres, double YMetres)
{
    public double DistanceMetres(GroundPoint other) => Math.Sqrt(Math.Pow(XMetres - other.XMetres, 2) + Math.Pow(YMetres - other.YMetres, 2));
}
