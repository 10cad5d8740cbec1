using Vision.Domain.TrafficLights;

namespace Vision.Pipeline.TrafficLights;

/// <summary>What one image showed of a light: the state, and how it was decided (the lamp colour votes, or the brightest lamp's position).</summary>
public readonly record struct LightReading(TrafficLightState State, int RedVotes, int YellowVotes, int GreenVotes, bool FromLampPosition);
