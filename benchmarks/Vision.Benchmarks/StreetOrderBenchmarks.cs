using BenchmarkDotNet.Attributes;
using Vision.Domain.Geometry;
using Vision.Domain.StreetOrder;
using Vision.Domain.Violations;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Rules.Legal;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.Scenes;
using Vision.Pipeline.StreetOrder;

namespace Vision.Benchmarks;

/// <summary>
/// The street-order stage (occupancy grids of the sidewalk and no-parking zones, herd counting on the road, hourly
/// ledger) on scenes/example-junction.json over 100 detections per 1920×1080 frame at 25 fps: 10 stationary goods on
/// the sidewalk, 10 parked motorbikes at the school gate, 5 animals on the road, 75 moving road users. Times are per
/// frame; the baseline is the stage with no detections (the per-frame floor: history look-up and grid decay).
/// </summary>
[MemoryDiagnoser]
public class StreetOrderBenchmarks
{
    private const int FrameCount = 250;
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 8, 0, 0, TimeSpan.FromHours(7));

    private readonly FrameHistory _history = new(1);
    private StreetOrderStage _stage = null!;
    private FrameResult[] _busy = [];
    private FrameResult[] _empty = [];
    private EncodedFrame[] _frames = [];
    private long _round;

    [GlobalSetup]
    public void Setup()
    {
        var sceneDirectory = Path.Combine(BenchmarkAssets.RepositoryRoot, "scenes");
        var scene = new SceneLoader(ObjectClasses.Coco, helmetModelAvailable: false).Load(Path.Combine(sceneDirectory, "example-junction.json")).Scene!;
        var legal = LegalTable.Load(Path.Combine(sceneDirectory, "legal-decree-168.json")).Table!;
        _stage = new StreetOrderStage("bench", scene, new StreetOrderClasses(ObjectClasses.Coco, scene.Document.Rules), legal, _history, new DiscardingSink(),
            new DiscardingOccupancy());
        var random = new Random(168);
        _frames = new EncodedFrame[FrameCount];
        _busy = new FrameResult[FrameCount];
        _empty = new FrameResult[FrameCount];
        for (var f = 0; f < FrameCount; f++)
        {
            var detections = new List<Detection>(100);
            for (var i = 0; i < 10; i++)
            {
                detections.Add(Box("umbrella", 1650 + 25 * (i % 5), 400 + 120 * (i / 5), 100, 110));
                detections.Add(Box("motorcycle", 200 + 60 * (i % 5), 880 + 100 * (i / 5), 60, 100));
            }

            for (var i = 0; i < 5; i++)
            {
                detections.Add(Box("cow", 400 + 200 * i + 2 * f, 600, 150, 100));
            }

            for (var i = 0; i < 75; i++)
            {
                detections.Add(Box(i % 3 == 0 ? "car" : i % 3 == 1 ? "motorcycle" : "person", random.NextSingle() * 1800, 350 + random.NextSingle() * 700, 80, 100));
            }

            _frames[f] = new EncodedFrame("bench", f, Start + TimeSpan.FromMilliseconds(40 * f), new byte[32]);
            _busy[f] = Result(f, detections);
            _empty[f] = Result(f, []);
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = FrameCount, Description = "Street order, no detections, per frame")]
    public int NoDetections() => Run(_empty);

    [Benchmark(OperationsPerInvoke = FrameCount, Description = "Street order, 100 detections, per frame")]
    public int HundredDetections() => Run(_busy);

    private int Run(FrameResult[] results)
    {
        // Capture time keeps moving forward across rounds, as on a live camera.
        var offset = TimeSpan.FromMilliseconds(40 * FrameCount * _round++);
        for (var f = 0; f < results.Length; f++)
        {
            var frame = _frames[f] with { CapturedAt = _frames[f].CapturedAt + offset };
            _history.Add(frame);
            _stage.Consume(results[f] with { CapturedAt = frame.CapturedAt }, default);
        }

        return _stage.WatchedZoneCount;
    }

    private static FrameResult Result(long sequence, IReadOnlyList<Detection> detections) =>
        new("bench", sequence, Start + TimeSpan.FromMilliseconds(40 * sequence), FrameOutcome.Processed, 1920, 1080, detections, [], null, default);

    private static Detection Box(string className, float left, float top, float width, float height) =>
        new(new BoundingBox(left, top, left + width, top + height), ObjectClasses.Coco.TryGetId(className, out var id) ? id : 0, 0.8f);

    private sealed class DiscardingSink : IViolationSink
    {
        public void Submit(ViolationCandidate candidate)
        {
        }
    }

    private sealed class DiscardingOccupancy : IZoneOccupancySink
    {
        public void Report(ZoneOccupancyHour hour)
        {
        }
    }
}
