using BenchmarkDotNet.Attributes;
using Vision.Domain.Geometry;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Tracking;

namespace Vision.Benchmarks;

/// <summary>
/// <see cref="MultiObjectTracker.Update"/> over a scripted 1920×1080 scene at 25 fps: 40 objects of four families moving and
/// bouncing, with missed detections, dim frames and a few low-score false positives. Times are per frame.
/// </summary>
[MemoryDiagnoser]
public class TrackerBenchmarks
{
    private const int FrameCount = 300;
    private const int ObjectCount = 40;
    private const double Fps = 25;
    private static readonly DateTimeOffset Start = new(2025, 6, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly TrackerOptions _options = new();
    private Detection[][] _frames = [];
    private MultiObjectTracker _steadyTracker = null!;
    private long _steadyFrame;

    [GlobalSetup]
    public void Setup()
    {
        _frames = BuildScene();
        _steadyTracker = new MultiObjectTracker(_options, ObjectClasses.Coco, Fps);
        _steadyFrame = 0;
    }

    /// <summary>One long-lived tracker fed the scene over and over with ever-increasing capture times.</summary>
    [Benchmark(OperationsPerInvoke = FrameCount, Description = "Update, long-lived tracker")]
    public int SteadyState()
    {
        var alive = 0;
        foreach (var detections in _frames)
        {
            alive += _steadyTracker.Update(detections, At(_steadyFrame++)).Length;
        }

        return alive;
    }

    /// <summary>A fresh tracker per pass over the scene: includes growing its tracks and buffers.</summary>
    [Benchmark(OperationsPerInvoke = FrameCount, Description = "Update, fresh tracker per scene")]
    public int FreshTracker()
    {
        var tracker = new MultiObjectTracker(_options, ObjectClasses.Coco, Fps);
        var alive = 0;
        for (var frame = 0; frame < _frames.Length; frame++)
        {
            alive += tracker.Update(_frames[frame], At(frame)).Length;
        }

        return alive;
    }

    private static DateTimeOffset At(long frame) => Start.AddTicks(frame * TimeSpan.TicksPerSecond / 25);

    private static Detection[][] BuildScene()
    {
        int[] classes = [2, 2, 7, 0, 0, 3, 1, 5, 16, 2]; // car, car, truck, person, person, motorcycle, bicycle, bus, dog, car
        var frames = new Detection[FrameCount][];
        var detections = new List<Detection>();
        for (var frame = 0; frame < FrameCount; frame++)
        {
            detections.Clear();
            for (var k = 0; k < ObjectCount; k++)
            {
                if ((frame + 7 * k) % 31 < 2)
                {
                    continue; // missed for two frames
                }

                var classId = classes[k % classes.Length];
                var (width, height) = classId == 0 ? (30f, 80f) : (60f + 3 * (k % 5), 45f + 2 * (k % 7));
                var x = Bounce(40 + 47 * k + frame * (1.5f + k % 6), 1920 - width);
                var y = Bounce(60 + 23 * k + frame * (0.5f + k % 3 - 1), 1080 - height);
                var score = (frame + k) % 11 == 0 ? 0.3f : 0.55f + 0.04f * ((frame * 3 + k) % 10);
                detections.Add(new Detection(new BoundingBox(x, y, x + width, y + height), classId, score));
            }

            if (frame % 5 == 0)
            {
                var x = 13f * frame % 1800;
                detections.Add(new Detection(new BoundingBox(x, 900, x + 40, 940), 2, 0.2f)); // dim false positive
            }

            frames[frame] = [.. detections];
        }

        return frames;
    }

    // Position of a point moving along a line, reflected off the edges of [0, limit].
    private static float Bounce(float position, float limit)
    {
        var period = 2 * limit;
        var p = ((position % period) + period) % period;
        return p <= limit ? p : period - p;
    }
}
