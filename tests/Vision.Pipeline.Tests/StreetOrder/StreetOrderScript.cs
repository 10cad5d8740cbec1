using Vision.Domain.Geometry;
using Vision.Domain.Violations;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.Scenes;
using Vision.Pipeline.StreetOrder;
using Vision.Pipeline.Tests.Rules;
using Vision.Pipeline.Tracking;

namespace Vision.Pipeline.Tests.StreetOrder;

/// <summary>
/// Drives a camera's street-order stage frame by frame, one frame a second, on a 1000×1000 image whose sidewalk is
/// x 0–400, y 500–1000 (200 000 px²) with the scene's default thresholds (30 % for 15 minutes, one-minute stationary
/// window, two minutes to clear). Detections are scripted by COCO class name and box.
/// </summary>
public sealed class StreetOrderScript
{
    public const int Size = 1000;
    public static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(7));

    public const string SceneJson = """
        {
          "Id": "scripted-street", "Version": 1,
          "Zones": [ { "Name": "market sidewalk", "Kind": "Sidewalk", "Polygon": [[0.0, 0.5], [0.4, 0.5], [0.4, 1.0], [0.0, 1.0]] } ]
        }
        """;

    private readonly StreetOrderStage _stage;
    private readonly FrameHistory _history = new(4);

    public StreetOrderScript()
    {
        var loaded = new SceneLoader(ObjectClasses.Coco, helmetModelAvailable: false).Parse(SceneJson, "scripted-street.json");
        Assert.Empty(loaded.Problems);
        Scene = loaded.Scene!;
        _stage = new StreetOrderStage("scripted", Scene, new StreetOrderClasses(ObjectClasses.Coco, Scene.Document.Rules), RuleScript.Legal, _history, Sink, Occupancy);
    }

    public Scene Scene { get; }

    public StreetOrderStage Stage => _stage;

    public CollectingSlowCaseSink Sink { get; } = new();

    public CollectingOccupancySink Occupancy { get; } = new();

    public long Sequence { get; private set; } = -1;

    public static Detection Box(string className, float left, float top, float right, float bottom) =>
        new(new BoundingBox(left, top, right, bottom), ObjectClasses.Coco.TryGetId(className, out var id) ? id : throw new ArgumentException(className), 0.8f);

    /// <summary>Runs <paramref name="frames"/> more frames, each with the detections <paramref name="at"/> gives for its sequence.</summary>
    private TimeSpan _paused;

    /// <summary>No frame for this long (the camera's feed was off); sequences go on where they stopped.</summary>
    public StreetOrderScript Pause(TimeSpan gap)
    {
        _paused += gap;
        return this;
    }

    public StreetOrderScript Run(int frames, Func<long, IEnumerable<Detection>> at, int size = Size) => Run(frames, at, _ => [], size);

    /// <summary>As <see cref="Run(int, Func{long, IEnumerable{Detection}}, int)"/>, with the tracker's tracks of each frame.</summary>
    public StreetOrderScript Run(int frames, Func<long, IEnumerable<Detection>> at, Func<long, IEnumerable<TrackSnapshot>> tracks, int size = Size)
    {
        for (var i = 0; i < frames; i++)
        {
            Sequence++;
            var capturedAt = Start + TimeSpan.FromSeconds(Sequence) + _paused;
            _history.Add(new EncodedFrame("scripted", Sequence, capturedAt, new byte[] { 0xFF, 0xD8, (byte)Sequence }));
            _stage.Consume(new FrameResult("scripted", Sequence, capturedAt, FrameOutcome.Processed, size, size, [.. at(Sequence)], [.. tracks(Sequence)], null, default),
                default);
        }

        return this;
    }

    public IReadOnlyList<ViolationCandidate> Cases => Sink.Violations;
}
