using System.Text.Json.Serialization;
using Vision.Domain.Geometry;

namespace Vision.Pipeline.Scenes;

/// <summary>A lane: its polygon, the direction traffic must move in (an image vector [dx, dy]) and the classes allowed in it.</summary>
public sealed class SceneLane
{
    public string Name { get; init; } = string.Empty;

    public IReadOnlyList<NormalizedPoint> Polygon { get; init; } = [];

    /// <summary>The allowed direction of travel as an image vector (only its direction matters).</summary>
    [JsonRequired]
    public NormalizedPoint Direction { get; init; }

    /// <summary>Detector class names allowed in the lane; empty allows every vehicle.</summary>
    public IReadOnlyList<string> AllowedClasses { get; init; } = [];
}
