using System.Text.Json.Serialization;
namespace Vision.Pipeline.Scenes;

/// <summary>The speed limit for one detector class on this road.</summary>
public sealed class SceneSpeedLimit
{
    [JsonRequired]
    public string Class { get; init; } = string.Empty;

    [JsonRequired]
    public double SpeedLimitKmh { get; init; }
}
