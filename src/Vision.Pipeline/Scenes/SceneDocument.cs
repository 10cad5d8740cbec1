namespace Vision.Pipeline.Scenes;

/// <summary>
/// One camera's scene configuration as written in its JSON file: everything drawn on the image (normalised
/// coordinates) and the limits the rules apply. Versioned: a changed drawing gets a new version, and every violation
/// names the version and the SHA-256 of the canonical form it was judged under.
/// </summary>
public sealed class SceneDocument
{
    public string Id { get; init; } = string.Empty;

    public int Version { get; init; }

    public IReadOnlyList<SceneZone> Zones { get; init; } = [];

    public IReadOnlyList<SceneLight> Lights { get; init; } = [];

    public IReadOnlyList<SceneStopLine> StopLines { get; init; } = [];

    public IReadOnlyList<SceneLane> Lanes { get; init; } = [];

    public IReadOnlyList<SceneSolidLine> SolidLines { get; init; } = [];

    public SceneCalibration? Calibration { get; init; }

    public IReadOnlyList<SceneSpeedLimit> SpeedLimits { get; init; } = [];

    public SceneRuleSettings Rules { get; init; } = new();
}
