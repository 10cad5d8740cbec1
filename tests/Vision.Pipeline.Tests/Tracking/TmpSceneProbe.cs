using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Tracking;
using Xunit.Abstractions;
namespace Vision.Pipeline.Tests.Tracking;
public sealed class TmpSceneProbe(ITestOutputHelper output)
{
    private const int FrameCount = 300;
    private const int ObjectCount = 40;
    private static readonly DateTimeOffset Start = new(2025, 6, 1, 8, 0, 0, TimeSpan.Zero);
    [Fact]
    public void Probe()
    {
        var frames = BuildScene();
        var tracker = new MultiObjectTracker(new TrackerOptions(), ObjectClasses.Coco, 25);
        long maxId = 0; var sw = System.Diagnostics.Stopwatch.StartNew();
        for (var f = 0; f < 600; f++)
        {
            var s = tracker.Update(frames[f % 300], At(f));
            foreach (var t in s) maxId = Math.Max(maxId, t.TrackId);
            if (f % 50 == 0 || f == 299) output.WriteLine($"{f}: alive {tracker.AliveCount} tracked {s.Count(x => x.State == TrackState.Tracked)} lost {s.Count(x => x.State == TrackState.Lost)} maxId {maxId}");
        }
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var f = 600; f < 900; f++) tracker.Update(frames[f % 300], At(f));
        output.WriteLine($"alloc 300 frames: {GC.GetAllocatedBytesForCurrentThread() - before} maxId {maxId} ms {sw.ElapsedMilliseconds}");
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
