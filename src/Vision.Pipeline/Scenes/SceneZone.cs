using System.Text.Json.Serialization;
using Vision.Domain.Geometry;

namespace Vision.Pipeline.Scenes;

/// <summary>A named polygon of the scene (normalised image coordinates).</summary>
public sealed class SceneZone
{
    public string Name { get; init; } = string.Empty;

    [JsonRequired]
    public SceneZoneKind Kind { get; init; }

    public IReadOnlyList<NormalizedPoint> Polygon { get; init; } = [];

    /// <summary>How long a vehicle may stay stationary here (NoParking and NoStopping zones; also parking on a sidewalk).</summary>
    public TimeSpan? MaxDwell { get; init; }
}
