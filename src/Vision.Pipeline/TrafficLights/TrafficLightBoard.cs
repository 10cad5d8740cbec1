using OpenCvSharp;
using Vision.Domain.TrafficLights;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Scenes;

namespace Vision.Pipeline.TrafficLights;

/// <summary>
/// The lights of one camera's scene: each frame, every light is read from its configured housing (or from the
/// detector's <c>traffic light</c> box that lies on it, which is tighter) and smoothed over time.
/// </summary>
public sealed class TrafficLightBoard
{
    private readonly SceneLight[] _lights;
    private readonly Dictionary<string, TrafficLightSmoother> _smoothers;

    public TrafficLightBoard(IReadOnlyList<SceneLight> lights, int framesToConfirm = 3)
    {
        _lights = [.. lights];
        _smoothers = lights.ToDictionary(l => l.Id, l => new TrafficLightSmoother(l.Id, framesToConfirm), StringComparer.Ordinal);
    }

    public LightStatus StatusOf(string lightId) =>
        _smoothers.TryGetValue(lightId, out var smoother) ? new LightStatus(smoother.State, smoother.Since, smoother.Unsettled) : default;

    public IReadOnlyCollection<LightStateChange> TimelineOf(string lightId) =>
        _smoothers.TryGetValue(lightId, out var smoother) ? smoother.Timeline : [];

    /// <summary>Feeds one reading of one light (what <see cref="Read"/> does per light; scripted tests call it directly).</summary>
    public void Observe(string lightId, TrafficLightState reading, long sequence, DateTimeOffset capturedAt) =>
        _smoothers[lightId].Observe(reading, sequence, capturedAt);

    /// <summary>Reads every light from the frame's pixels.</summary>
    /// <param name="trafficLightClassId">The detector's class id of <c>traffic light</c>, or -1 when it has none.</param>
    public void Read(Mat bgr, float scaleToSourceX, float scaleToSourceY, SceneGeometry geometry,
        IReadOnlyList<Detection> detections, int trafficLightClassId, long sequence, DateTimeOffset capturedAt)
    {
        for (var i = 0; i < _lights.Length; i++)
        {
            var region = DetectedBoxOn(geometry.LightRegions[i], detections, trafficLightClassId) ?? geometry.LightRegions[i];
            var inPixels = new Rect(
                (int)(region.X / scaleToSourceX), (int)(region.Y / scaleToSourceY),
                Math.Max(2, (int)(region.Width / scaleToSourceX)), Math.Max(2, (int)(region.Height / scaleToSourceY)));
            var reading = TrafficLightClassifier.Classify(bgr, inPixels, _lights[i].Layout);
            _smoothers[_lights[i].Id].Observe(reading.State, sequence, capturedAt);
        }
    }

    /// <summary>
    /// A detected traffic light whose centre lies inside the configured housing, that covers at least half of it and
    /// is at most twice its size (not a box merging neighbouring lights).
    /// </summary>
    private static Rect? DetectedBoxOn(Rect configured, IReadOnlyList<Detection> detections, int trafficLightClassId)
    {
        Rect? best = null;
        var bestArea = 0;
        foreach (var detection in detections)
        {
            if (detection.ClassId != trafficLightClassId)
            {
                continue;
            }

            var box = new Rect((int)detection.Box.Left, (int)detection.Box.Top, (int)detection.Box.Width, (int)detection.Box.Height);
            var overlap = box & configured;
            var area = overlap.Width * overlap.Height;
            if (configured.Contains(new Point((int)detection.Box.CenterX, (int)detection.Box.CenterY))
                && area >= configured.Width * configured.Height / 2
                && box.Width * box.Height <= 2 * configured.Width * configured.Height
                && area > bestArea)
            {
                best = box;
                bestArea = area;
            }
        }

        return best;
    }
}
