using Vision.Domain.Geometry;

namespace Vision.Pipeline.Scenes;

/// <summary>A solid lane-divider line (a polyline) that vehicles must not cross.</summary>
public sealed class SceneSolidLine
{
    public string Name { get; init; } = string.Empty;

    public IReadOnlyList<NormalizedPoint> Points { get; init; } = [];
}
