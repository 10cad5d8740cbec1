using Vision.Domain.TrafficLights;

namespace Vision.Pipeline.TrafficLights;

/// <summary>
/// A light's smoothed state as of a frame, and since when (capture time of the first frame that showed it);
/// <see cref="Unsettled"/> while readings not yet believed may still change it as of an earlier frame.
/// </summary>
public readonly record struct LightStatus(TrafficLightState State, DateTimeOffset? Since, bool Unsettled = false)
{
    /// <summary>How long the light has shown its state at <paramref name="now"/> (zero when unknown).</summary>
    public TimeSpan DurationAt(DateTimeOffset now) => Since is { } since && now > since ? now - since : TimeSpan.Zero;
}
