using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vision.Pipeline.Scenes;

/// <summary>A point on the ground plane in metres, written as [x, y].</summary>
[JsonConverter(typeof(GroundPointJsonConverter))]
public readonly record struct GroundPoint(double XMetres, double YMetres)
{
    public double DistanceMetres(GroundPoint other) => Math.Sqrt(Math.Pow(XMetres - other.XMetres, 2) + Math.Pow(YMetres - other.YMetres, 2));
}

public sealed class GroundPointJsonConverter : JsonConverter<GroundPoint>
{
    private static readonly NormalizedPointJsonConverter Pair = new();

    public override GroundPoint Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var pair = Pair.Read(ref reader, typeof(NormalizedPoint), options);
        return new GroundPoint(pair.X, pair.Y);
    }

    public override void Write(Utf8JsonWriter writer, GroundPoint value, JsonSerializerOptions options) =>
        Pair.Write(writer, new NormalizedPoint(value.XMetres, value.YMetres), options);
}
