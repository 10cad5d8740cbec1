using Vision.Domain.Geometry;
using Vision.Domain.TrafficLights;
using Vision.Domain.Violations;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Rules;
using Vision.Pipeline.Rules.Legal;
using Vision.Pipeline.Scenes;
using Vision.Pipeline.Tests.Scenes;
using Vision.Pipeline.Tests.Support;
using Vision.Pipeline.Tracking;
using Vision.Pipeline.TrafficLights;

namespace Vision.Pipeline.Tests.Rules;

/// <summary>
/// Drives a camera's rule engine frame by frame at 10 fps on the 1000×1000 junction of <see cref="SceneLoaderTests.Junction"/>
/// (stop line at y = 500 with the intersection above it, hysteresis ±10 px; northbound lane x 500-850 for cars and
/// motorbikes; solid centre line x = 500; sidewalk x ≥ 850; no-stopping bus stop x ≤ 100, y 500-800, 5 s; road y ≥ 300).
/// Tracks are placed by their anchor (bottom centre). The light is read as scripted, believed from the first frame
/// unless <c>framesToConfirm</c> asks for the service's confirmation.
/// </summary>
public sealed class RuleScript
{
    public const int Size = 1000;
    public static readonly DateTimeOffset Start = new(2026, 11, 28, 17, 0, 0, TimeSpan.FromHours(7));
    public static readonly LegalTable Legal = LegalTable.Load(Path.Combine(TestAssets.RepositoryRoot, "scenes", "legal-decree-168.json")).Table!;

    private readonly RuleEngine _engine;
    private TrafficLightState _light = TrafficLightState.Unknown;

    private readonly TimeSpan _frameInterval;

    public RuleScript(string? sceneJson = null, int framesToConfirm = 1, double framesPerSecond = 10)
    {
        _frameInterval = TimeSpan.FromSeconds(1 / framesPerSecond);
        var scene = new SceneLoader(ObjectClasses.Coco, helmetModelAvailable: false).Parse(sceneJson ?? SceneLoaderTests.Junction, "junction.json");
        Assert.Empty(scene.Problems);
        Scene = scene.Scene!;
        _engine = new RuleEngine("junction-1", Scene, new RuleClasses(ObjectClasses.Coco, Scene.Document.Rules.AnimalClasses), Legal,
            new TrafficLightBoard(Scene.Document.Lights, framesToConfirm), framesPerSecond);
    }

    public Scene Scene { get; }

    public RuleEngine Engine => _engine;

    public long Sequence { get; private set; } = -1;

    public List<ViolationCandidate> Violations { get; } = [];

    public static DateTimeOffset At(long sequence) => Start + TimeSpan.FromMilliseconds(100 * sequence);

    public RuleScript Light(TrafficLightState state)
    {
        _light = state;
        _lightsById.Clear();
        return this;
    }

    /// <summary>One head of several read differently from the others (late, behind a bus).</summary>
    public RuleScript Light(string id, TrafficLightState state)
    {
        _lightsById[id] = state;
        return this;
    }

    private readonly Dictionary<string, TrafficLightState> _lightsById = [];
    private TimeSpan _stalled;

    /// <summary>The frames after this one come that much later (a network stall): their sequence numbers go on without a gap.</summary>
    public RuleScript Stall(TimeSpan duration)
    {
        _stalled += duration;
        return this;
    }

    /// <summary>Evaluates the next frame with these tracks; returns what it raised.</summary>
    public IReadOnlyList<ViolationCandidate> Frame(params TrackSnapshot[] tracks) => Frame([], tracks);

    /// <summary>Evaluates the next frame with these tracks and the plates read on them so far.</summary>
    public IReadOnlyList<ViolationCandidate> Frame(IReadOnlyList<Vision.Domain.Plates.TrackPlate> plates, params TrackSnapshot[] tracks)
    {
        Sequence++;
        foreach (var light in Scene.Document.Lights)
        {
            _engine.Lights.Observe(light.Id, _lightsById.GetValueOrDefault(light.Id, _light), Sequence, Start + _frameInterval * Sequence + _stalled);
        }

        var raised = _engine.Evaluate(Sequence, Start + _frameInterval * Sequence + _stalled, Size, Size, tracks, Model, plates);
        Violations.AddRange(raised);
        return raised;
    }

    public static readonly Vision.Domain.Inference.ModelIdentity Model = new("yolox-nano-coco-416", new string('a', 64));

    public static int ClassId(string name) => ObjectClasses.Coco.TryGetId(name, out var id) ? id : throw new ArgumentException(name);

    /// <summary>A track whose box has its bottom centre at (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public static TrackSnapshot Track(long id, string className, float x, float y, TrackState state = TrackState.Tracked, float width = 80, float height = 60) =>
        new(id, ClassId(className), ClassFamilies.Of(className), new BoundingBox(x - width / 2, y - height, x + width / 2, y),
            0, 0, TimeSpan.Zero, state, 0.9f, 10, Start, Start);

    public static TrackSnapshot Car(long id, float x, float y, TrackState state = TrackState.Tracked) => Track(id, "car", x, y, state);
}
