using Vision.Pipeline.Violations;

namespace Vision.Pipeline.Scenes;

/// <summary>How the rules judge this scene; the defaults suit a typical urban junction at 10-25 frames per second.</summary>
public sealed class SceneRuleSettings
{
    /// <summary>The rules that run here; null runs every rule the scene has geometry for.</summary>
    public IReadOnlyList<ViolationKind>? Enabled { get; init; }

    /// <summary>Crossing the stop line this soon after the light turned red is tolerated (the driver could not stop).</summary>
    public TimeSpan RedLightGrace { get; init; } = TimeSpan.FromSeconds(0.5);

    /// <summary>Half-width of the band around a line, as a fraction of the image height, inside which a vehicle counts as on the line (jitter).</summary>
    public double LineHysteresis { get; init; } = 0.01;

    /// <summary>How far (fraction of the image height) a vehicle must move against its lane before it is wrong-way.</summary>
    public double WrongWayMinDistance { get; init; } = 0.12;

    /// <summary>A vehicle whose anchor stays within this radius (fraction of the image height) is stationary.</summary>
    public double StationaryRadius { get; init; } = 0.02;

    /// <summary>How long a vehicle must ride on the sidewalk before it is reported.</summary>
    public TimeSpan SidewalkMinDuration { get; init; } = TimeSpan.FromSeconds(1.5);

    /// <summary>How long a vehicle must stay in a lane not allowed for its class before it is reported.</summary>
    public TimeSpan LaneMinDuration { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long more than two people must be bound to one motorbike before it is reported.</summary>
    public TimeSpan OverloadMinDuration { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long an animal must be on the road before it is reported.</summary>
    public TimeSpan AnimalMinDuration { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The window speed is measured over (displacement on the ground plane over this much time).</summary>
    public TimeSpan SpeedWindow { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Measured speed may exceed the limit by this much before it is reported (measurement uncertainty).</summary>
    public double SpeedToleranceKmh { get; init; } = 5;

    /// <summary>Detector class names reported on the road as animals.</summary>
    public IReadOnlyList<string> AnimalClasses { get; init; } = ["cow", "horse", "sheep", "dog"];
}
