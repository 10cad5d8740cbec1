using System.Diagnostics;
using OpenCvSharp;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.RoadUsers;
using Vision.Pipeline.Tests.Support.Rendering;
using Vision.Pipeline.Tracking;

namespace Vision.Benchmarks;

/// <summary>
/// Rear-view motorbike recall on the rendered rider clip (<see cref="RiderClip"/>) and the cost per frame, for each way
/// of running the stream detector: the share of the frames in which each scripted rear-view motorbike (red light,
/// sidewalk, wrong way, three riders) is a confirmed motorcycle track at its scripted place, and the mean time of
/// detection and of the road-user association per frame. "before" is the 416 pass without the association and with
/// the former tracker start (one detection at 0.6, confirmed by the next). The 1080p rows run the clip scaled to
/// 1920×1120, as a 1080p camera would see it.
/// </summary>
public static class RiderRecallHarness
{
    private static readonly RiderClip.Path[] RearViewMotorbikes =
        [RiderClip.RedLightRider, RiderClip.SidewalkRider, RiderClip.WrongWayRider, RiderClip.OverloadedMotorbike];

    public static void Run(TextWriter output)
    {
        var frames = RiderClip.Render().Select(jpeg => Cv2.ImDecode(jpeg, ImreadModes.Color)).ToList();
        var large = frames.Select(f => f.Resize(new Size(f.Width * 2, f.Height * 2), 0, 0, InterpolationFlags.Linear)).ToList();
        var stream416 = new DetectorOptions { ModelPath = "yolox_nano_coco_416.onnx", ConfidenceThreshold = 0.1f };
        var stream640 = new DetectorOptions { ModelPath = "yolox_nano_coco_dynamic.onnx", InputSize = 640, ConfidenceThreshold = 0.1f };
        var tiled = new DetectorOptions { ModelPath = "yolox_nano_coco_416.onnx", ConfidenceThreshold = 0.1f, Tiles = new TileOptions { Columns = 2, Rows = 2 } };
        var before = (new RiderAssociationOptions { JoinRiders = false }, new TrackerOptions { WeakStartConfidence = 0.6f, WeakStartHits = 2 });
        var now = (new RiderAssociationOptions(), new TrackerOptions());
        output.WriteLine("| mode | frames | rear-view motorbike recall | detection ms/frame | association µs/frame |");
        output.WriteLine("|---|---|---|---|---|");
        Measure(output, "before: 416, no rider association", stream416, before, frames, 1);
        Measure(output, "416", stream416, now, frames, 1);
        Measure(output, "640 (dynamic model)", stream640, now, frames, 1);
        Measure(output, "416 on 1080p", stream416, now, large, 2);
        Measure(output, "640 on 1080p", stream640, now, large, 2);
        Measure(output, "416 tiles 2×2 + whole frame on 1080p", tiled, now, large, 2);
    }

    private static void Measure(TextWriter output, string mode, DetectorOptions options, (RiderAssociationOptions Riders, TrackerOptions Tracker) setup,
        List<Mat> frames, float scale)
    {
        using var detector = new ObjectDetector(options, BenchmarkAssets.ModelDirectory);
        var association = new RiderAssociation(detector.Classes, setup.Riders, stream: true);
        var tracker = new MultiObjectTracker(setup.Tracker, detector.Classes, 10);
        var motorcycle = detector.Classes.TryGetId("motorcycle", out var id) ? id : -1;
        var (hits, total) = (0, 0);
        var (detectTicks, associateTicks) = (0L, 0L);
        for (var f = 0; f < frames.Count; f++)
        {
            var start = Stopwatch.GetTimestamp();
            var detections = detector.Detect(frames[f]).Detections;
            var detected = Stopwatch.GetTimestamp();
            var roadUsers = association.Associate(detections);
            detectTicks += detected - start;
            associateTicks += Stopwatch.GetTimestamp() - detected;
            var tracks = tracker.Update(roadUsers, RiderClip.CapturedAt(f));
            foreach (var path in RearViewMotorbikes)
            {
                if (path.At(f) is not { } at)
                {
                    continue;
                }

                total++;
                hits += tracks.Any(t => t.State == TrackState.Tracked && t.ClassId == motorcycle
                    && Math.Abs(t.Box.Bottom / scale - at.Bottom) < 25 && Math.Abs(t.Box.CenterX / scale - at.CentreX) < 45) ? 1 : 0;
            }
        }

        output.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"| {mode} | {frames[0].Width}×{frames[0].Height} | {100.0 * hits / total:F1} % ({hits}/{total}) | {Stopwatch.GetElapsedTime(0, detectTicks).TotalMilliseconds / frames.Count:F1} | {Stopwatch.GetElapsedTime(0, associateTicks).TotalMicroseconds / frames.Count:F1} |"));
    }
}
