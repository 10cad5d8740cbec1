using System.Text.Json.Serialization;

namespace Vision.Pipeline.Scenes;

/// <summary>Vertical: red on top, green at the bottom. Horizontal: red on the left, green on the right.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LampLayout>))]
public enum LampLayout
{
    Vertical,
    Horizontal,
}
