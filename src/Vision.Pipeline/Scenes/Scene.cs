using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vision.Pipeline.Scenes;

/// <summary>
/// A validated scene configuration: the document, the SHA-256 of its canonical serialisation (independent of the
/// file's whitespace and property order) and its geometry per frame size.
/// </summary>
public sealed class Scene
{
    internal static readonly JsonSerializerOptions CanonicalJson = new()
    {
        WriteIndented = false,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly Lock _gate = new();
    private SceneGeometry? _lastGeometry;
    private readonly Dictionary<(int, int), SceneGeometry> _geometries = [];

    internal Scene(SceneDocument document)
    {
        Document = document;
        Sha256 = Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(document, CanonicalJson)));
        GroundPlane = document.Calibration is { } calibration
            ? new GroundPlane(calibration.ImagePoints, calibration.GroundPointsMetres)
            : null;
    }

    public SceneDocument Document { get; }

    public string Id => Document.Id;

    public int Version => Document.Version;

    public string Sha256 { get; }

    /// <summary>Null when the scene has no calibration (no speeds).</summary>
    public GroundPlane? GroundPlane { get; }

    /// <summary>The scene in the pixels of a <paramref name="width"/>×<paramref name="height"/> frame (cached per resolution).</summary>
    public SceneGeometry GeometryFor(int width, int height)
    {
        var last = Volatile.Read(ref _lastGeometry);
        if (last is not null && last.Width == width && last.Height == height)
        {
            return last;
        }

        lock (_gate)
        {
            if (!_geometries.TryGetValue((width, height), out var geometry))
            {
                geometry = new SceneGeometry(Document, width, height);
                _geometries[(width, height)] = geometry;
            }

            Volatile.Write(ref _lastGeometry, geometry);
            return geometry;
        }
    }

    /// <summary>Whether <paramref name="kind"/> runs on this scene (not disabled by <see cref="SceneRuleSettings.Enabled"/>).</summary>
    public bool Enables(Vision.Domain.Violations.ViolationKind kind) => Document.Rules.Enabled is not { } enabled || enabled.Contains(kind);
}
