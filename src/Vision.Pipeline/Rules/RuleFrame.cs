using Vision.Domain.Geometry;
using Vision.Pipeline.Scenes;
using Vision.Pipeline.Tracking;
using Vision.Pipeline.TrafficLights;

namespace Vision.Pipeline.Rules;

/// <summary>Everything the rules read of one frame: its time, the scene in its pixels, its tracks (source pixels) and the lights.</summary>
/// <param name="nominalFrameInterval">The time between frames at the camera's expected rate.</param>
public sealed class RuleFrame(Scene scene, RuleClasses classes, TrafficLightBoard lights, TimeSpan nominalFrameInterval)
{
    private readonly HashSet<long> _alive = [];

    /// <summary>The time between frames at the camera's expected rate: a longer gap between two frames is a stall or a slow feed.</summary>
    public TimeSpan NominalFrameInterval { get; } = nominalFrameInterval;

    public Scene Scene { get; } = scene;

    public RuleClasses Classes { get; } = classes;

    public TrafficLightBoard Lights { get; } = lights;

    public long Sequence { get; private set; }

    public DateTimeOffset CapturedAt { get; private set; }

    public SceneGeometry Geometry { get; private set; } = null!;

    public IReadOnlyList<TrackSnapshot> Tracks { get; private set; } = [];

    /// <summary>Ids of every track the tracker still keeps (tracked, lost or tentative); state of others is dropped.</summary>
    public IReadOnlySet<long> AliveTrackIds => _alive;

    public void Advance(long sequence, DateTimeOffset capturedAt, int width, int height, IReadOnlyList<TrackSnapshot> tracks)
    {
        Sequence = sequence;
        CapturedAt = capturedAt;
        Geometry = Scene.GeometryFor(width, height);
        Tracks = tracks;
        _alive.Clear();
        foreach (var track in tracks)
        {
            _alive.Add(track.TrackId);
        }
    }

    /// <summary>
    /// A track detected in this frame (tracked, or tentative and matched: not a lost track's prediction). Rules judge
    /// tentative tracks too, so durations and crossings count from the first frame the object was seen;
    /// <see cref="RuleEngine"/> holds their findings until the track is confirmed.
    /// </summary>
    public static bool IsSeen(TrackSnapshot track) => track.State is TrackState.Tracked or TrackState.Tentative;

    /// <summary>A vehicle detected in this frame (see <see cref="IsSeen"/>).</summary>
    public bool IsSeenVehicle(TrackSnapshot track) => IsSeen(track) && Classes.IsVehicle(track.ClassId);

    public static PixelPoint Anchor(TrackSnapshot track) => PixelPoint.BottomCentreOf(track.Box);

    /// <summary>The first zone of <paramref name="kind"/> that holds <paramref name="anchor"/>, or -1.</summary>
    public int ZoneIndexOf(PixelPoint anchor, SceneZoneKind kind)
    {
        var zones = Scene.Document.Zones;
        for (var z = 0; z < zones.Count; z++)
        {
            if (zones[z].Kind == kind && Geometry.Zones[z].Contains(anchor))
            {
                return z;
            }
        }

        return -1;
    }
}
