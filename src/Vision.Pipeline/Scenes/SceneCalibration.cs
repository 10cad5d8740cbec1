using Vision.Domain.Geometry;

namespace Vision.Pipeline.Scenes;

/// <summary>Four image points on the road surface and where they lie on the ground, in metres (any flat frame, e.g. surveyed).</summary>
public sealed class SceneCalibration
{
    public IReadOnlyList<NormalizedPoint> ImagePoints { get; init; } = [];

    /// <summary>Ground coordinates in metres, [x, y], in the same order as <see cref="ImagePoints"/>.</summary>
    public IReadOnlyList<GroundPoint> GroundPointsMetres { get; init; } = [];
}
