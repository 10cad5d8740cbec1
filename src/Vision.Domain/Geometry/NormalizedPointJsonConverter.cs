using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vision.Domain.Geometry;

/// <summary>Reads and writes a <see cref="NormalizedPoint"/> as a two-number array [x, y].</summary>
public sealed class NormalizedPointJsonConverter : JsonConverter<NormalizedPoint>
{
    public override NormalizedPoint Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("a point is written as a two-number array [x, y]");
        }

        reader.Read();
        var x = reader.GetDouble();
        reader.Read();
        var y = reader.GetDouble();
        reader.Read();
        return reader.TokenType == JsonTokenType.EndArray
            ? new NormalizedPoint(x, y)
            : throw new JsonException("a point has exactly two numbers [x, y]");
    }

    public override void Write(Utf8JsonWriter writer, NormalizedPoint value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue(value.X);
        writer.WriteNumberValue(value.Y);
        writer.WriteEndArray();
    }
}
