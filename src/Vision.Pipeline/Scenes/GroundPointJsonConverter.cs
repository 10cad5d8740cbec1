using System.Text.Json;
using System.Text.Json.Serialization;
using Vision.Domain.Geometry;

namespace Vision.Pipeline.Scenes;

/// <summary>Reads and writes a <see cref="GroundPoint"/> as a two-number array [x, y] in metres.</summary>
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
