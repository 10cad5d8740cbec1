using System.Text.Json.Serialization;
using Vision.Domain.Geometry;

namespace Vision.Pipeline.Scenes;

/// <summary>A stop line and the light(s) that govern it; <see cref="Beyond"/> is any point on the intersection side.</summary>
public sealed class SceneStopLine
{
    public string Name { get; init; } = string.Empty;

    [JsonRequired]
    public NormalizedPoint Start { get; init; }

    [JsonRequired]
    public NormalizedPoint End { get; init; }

    [JsonRequired]
    public NormalizedPoint Beyond { get; init; }

    public IReadOnlyList<string> Lights { get; init; } = [];
}
