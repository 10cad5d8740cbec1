using BenchmarkDotNet.Attributes;
using OpenCvSharp;
using Vision.Domain.Geometry;
using Vision.Domain.TrafficLights;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Rules;
using Vision.Pipeline.Rules.Legal;
using Vision.Pipeline.Scenes;
using Vision.Pipeline.Tracking;
using Vision.Pipeline.TrafficLights;

namespace Vision.Benchmarks;

/// <summary>
/// Every rule of scenes/example-junction.json (stop line, two lanes, solid line, sidewalk, no-stopping and no-parking
/// zones, road, calibrated speeds, motorbike riders, animals) over 100 tracks per 1920×1080 frame at 25 fps: cars,
/// motorbikes with riders, pedestrians and a few animals, moving in every direction. Times are per frame.
/// Also the light classifier on one 40×110 px housing.
/// </summary>
[MemoryDiagnoser]
public class RuleBenchmarks
{
    private const int FrameCount = 250;
    private const int TrackCount = 100;
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 8, 0, 0, TimeSpan.FromHours(7));

    private TrackSnapshot[][] _frames = [];
    private RuleEngine _engine = null!;
    private long _sequence;
    private Mat _frame = null!;

    [GlobalSetup]
    public void Setup()
    {
        var sceneDirectory = Path.Combine(BenchmarkAssets.RepositoryRoot, "scenes");
        var scene = new SceneLoader(ObjectClasses.Coco, helmetModelAvailable: false).Load(Path.Combine(sceneDirectory, "example-junction.json"));
        var legal = LegalTable.Load(Path.Combine(sceneDirectory, "legal-decree-168.json")).Table!;
        var lights = new TrafficLightBoard(scene.Scene!.Document.Lights, framesToConfirm: 1);
        lights.Observe("north", TrafficLightState.Red, 0, Start);
        _engine = new RuleEngine("bench", scene.Scene, new RuleClasses(ObjectClasses.Coco, scene.Scene.Document.Rules.AnimalClasses), legal, lights, 25);
        _frames = BuildTracks();
        _frame = new Mat(1080, 1920, MatType.CV_8UC3, new Scalar(90, 90, 90));
        Cv2.Rectangle(_frame, new Rect(900, 30, 40, 110), new Scalar(30, 30, 30), -1);
        Cv2.Circle(_frame, new Point(920, 48), 14, new Scalar(30, 30, 240), -1);
    }

    [GlobalCleanup]
    public void Cleanup() => _frame.Dispose();

    [Benchmark(OperationsPerInvoke = FrameCount, Description = "All rules, 100 tracks, per frame")]
    public int EvaluateAllRules()
    {
        var raised = 0;
        foreach (var tracks in _frames)
        {
            var sequence = _sequence++;
            raised += _engine.Evaluate(sequence, Start + TimeSpan.FromMilliseconds(40 * sequence), 1920, 1080, tracks, null, []).Count;
        }

        return raised;
    }

    [Benchmark(Description = "Light classifier, one housing")]
    public TrafficLightState ClassifyLight() =>
        TrafficLightClassifier.Classify(_frame, new Rect(900, 30, 40, 110), LampLayout.Vertical).State;

    /// <summary>Deterministic tracks: each moves on a straight line that wraps around the frame; every tenth is a motorbike with three riders.</summary>
    private static TrackSnapshot[][] BuildTracks()
    {
        var random = new Random(168);
        var kinds = new (string Class, float Width, float Height)[] { ("car", 180, 120), ("motorcycle", 70, 110), ("bus", 300, 250), ("person", 40, 120), ("dog", 60, 45), ("truck", 260, 200) };
        var plans = Enumerable.Range(0, TrackCount).Select(i =>
        {
            var kind = i % 10 == 9 ? kinds[4] : i % 10 < 4 ? kinds[0] : i % 10 < 7 ? kinds[1] : i % 10 == 7 ? kinds[3] : i % 20 == 8 ? kinds[2] : kinds[5];
            return (Kind: kind, X: random.NextSingle() * 1920, Y: 300 + random.NextSingle() * 780, Vx: random.NextSingle() * 16 - 8, Vy: random.NextSingle() * 16 - 8);
        }).ToArray();
        var frames = new TrackSnapshot[FrameCount][];
        for (var f = 0; f < FrameCount; f++)
        {
            var tracks = new TrackSnapshot[TrackCount];
            for (var i = 0; i < TrackCount; i++)
            {
                var (kind, x0, y0, vx, vy) = plans[i];
                var x = Wrap(x0 + vx * f, 1920);
                var y = 300 + Wrap(y0 - 300 + vy * f, 780);
                var classId = ObjectClasses.Coco.TryGetId(kind.Class, out var id) ? id : 0;
                tracks[i] = new TrackSnapshot(i + 1, classId, ClassFamilies.Of(kind.Class),
                    new BoundingBox(x - kind.Width / 2, y - kind.Height, x + kind.Width / 2, y), vx * 25, vy * 25,
                    TimeSpan.FromSeconds(f / 25.0), TrackState.Tracked, 0.8f, f + 1, Start, Start);
            }

            frames[f] = tracks;
        }

        return frames;
    }

    private static float Wrap(float value, float size) => ((value % size) + size) % size;
}
