namespace Vision.Pipeline.Scenes;

/// <summary>The speed limit for one detector class on this road.</summary>
public sealed class SceneSpeedLimit
{
    public string Class { get; init; } = string.Empty;

    public double SpeedLimitKmh { get; init; }
}
