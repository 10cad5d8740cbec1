namespace Vision.Domain.TrafficLights;

/// <summary>From this frame on, the named light showed this state (one entry of the light's timeline kept for evidence).</summary>
public readonly record struct LightStateChange(string LightId, TrafficLightState State, long Sequence, DateTimeOffset CapturedAt);
