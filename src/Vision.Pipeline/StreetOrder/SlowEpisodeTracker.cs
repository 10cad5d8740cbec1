using Vision.Domain.Geometry;
using Vision.Domain.Violations;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Runtime;

namespace Vision.Pipeline.StreetOrder;

/// <summary>
/// The episodes of one slow situation in one zone (a sidewalk over its share, a parking lot, a herd on the road):
/// an episode starts on the first frame the zone is over its limit and lasts, through dips shorter than
/// <c>clearDuration</c>, until the zone has stayed under it that long; it becomes a case when it lasted at least
/// <c>minDuration</c> (first to last frame over the limit), and one that goes on past <c>maxDuration</c> is reported
/// then and a new one begins. While an episode runs it keeps its time-lapse: the first frame, then one frame every
/// <c>timeLapseInterval</c>, and the last frame over the limit (references to the camera's encoded frames, no copies).
/// No frame for longer than <c>clearDuration</c> (the camera was off), or a capture time set back by more, ends the
/// episode at its last frame over the limit: time nobody saw is not counted.
/// </summary>
public sealed class SlowEpisodeTracker(TimeSpan minDuration, TimeSpan clearDuration, TimeSpan maxDuration, TimeSpan timeLapseInterval)
{
    /// <summary>At most this many points of the measure are kept for the chart (one every time-lapse interval / 4).</summary>
    private const int SamplesPerInterval = 4;

    private readonly List<EncodedFrame> _timeLapse = [];
    private readonly List<OccupancySample> _samples = [];
    private bool _active;
    private EncodedFrame? _first;
    private EncodedFrame? _lastOver;
    private DateTimeOffset _lastLapseAt;
    private DateTimeOffset _lastSampleAt;
    private DateTimeOffset? _underSince;
    private DateTimeOffset? _lastObservedAt;
    private double _peak;
    private double _lastOverValue;
    private BoundingBox _lastRegion;

    public bool Active => _active;

    /// <summary>Encoded frames held for the running episode's time-lapse.</summary>
    public int HeldFrames => _timeLapse.Count + (_first is null ? 0 : 1) + (_lastOver is null ? 0 : 1);

    /// <summary>Bytes of the encoded frames held (shared with the camera's history while it still keeps them).</summary>
    public long HeldBytes => _timeLapse.Sum(f => (long)f.Jpeg.Length) + (_first?.Jpeg.Length ?? 0) + (_lastOver?.Jpeg.Length ?? 0);

    /// <summary>
    /// The camera stopped, or its frames changed size and the zone is watched anew: the running episode ends at its last
    /// frame over the limit, a case when it lasted long enough (a deploy forty minutes into an encroachment lost it).
    /// </summary>
    public FinishedEpisode? End() => _active ? Finish(cleared: null) : null;

    /// <param name="frame">The frame observed (from the camera's history).</param>
    /// <param name="value">The measure in this frame (share, vehicles, animals).</param>
    /// <param name="over">Whether the zone is over its limit in this frame.</param>
    /// <param name="region">Where the occupancy is in this frame (used while over the limit).</param>
    /// <returns>The episode that ended with this frame and qualifies as a case, or null.</returns>
    public FinishedEpisode? Observe(EncodedFrame frame, double value, bool over, BoundingBox region)
    {
        var at = frame.CapturedAt;
        var unseen = _lastObservedAt is { } last ? at - last : TimeSpan.Zero;
        _lastObservedAt = at;
        // A clock set back as far is a gap too: the running episode ends at its last frame over the limit (measured
        // against a first frame hours "later", a 40-minute case came out negative and was dropped).
        var interrupted = _active && unseen.Duration() > clearDuration ? Finish(cleared: null) : null;
        return ObserveSeen(frame, value, over, region) ?? interrupted;
    }

    private FinishedEpisode? ObserveSeen(EncodedFrame frame, double value, bool over, BoundingBox region)
    {
        var at = frame.CapturedAt;
        if (over)
        {
            if (!_active)
            {
                _active = true;
                _first = frame;
                _lastLapseAt = at;
                _lastSampleAt = at;
                _peak = value;
                _timeLapse.Clear();
                _samples.Clear();
                _samples.Add(new OccupancySample(frame.Sequence, at, value));
            }

            _underSince = null;
            _lastOver = frame;
            _lastOverValue = value;
            _lastRegion = region;
            _peak = Math.Max(_peak, value);
            if (at - _lastLapseAt >= timeLapseInterval)
            {
                _timeLapse.Add(frame);
                _lastLapseAt = at;
            }

            Sample(frame, value);
            return at - _first!.CapturedAt >= maxDuration ? Finish(cleared: null) : null;
        }

        if (!_active)
        {
            return null;
        }

        Sample(frame, value);
        _underSince ??= at;
        return at - _underSince.Value >= clearDuration ? Finish(cleared: frame) : null;
    }

    private void Sample(EncodedFrame frame, double value)
    {
        if (frame.CapturedAt - _lastSampleAt >= timeLapseInterval / SamplesPerInterval)
        {
            _samples.Add(new OccupancySample(frame.Sequence, frame.CapturedAt, value));
            _lastSampleAt = frame.CapturedAt;
        }
    }

    private FinishedEpisode? Finish(EncodedFrame? cleared)
    {
        _active = false;
        var first = _first!;
        var last = _lastOver!;
        _first = null;
        _lastOver = null;
        if (last.CapturedAt - first.CapturedAt < minDuration)
        {
            _timeLapse.Clear();
            return null;
        }

        if (_samples.All(s => s.Sequence != last.Sequence))
        {
            _samples.Add(new OccupancySample(last.Sequence, last.CapturedAt, _lastOverValue));
        }

        var samples = _samples.OrderBy(s => s.Sequence).ToArray();
        var lapse = _timeLapse.Where(f => f.Sequence < last.Sequence).ToArray();
        _timeLapse.Clear();
        return new FinishedEpisode(first, lapse, last, cleared, _peak, samples, _lastRegion);
    }
}

/// <summary>An episode that became a case: its first frame, time-lapse, last frame over the limit, the frame it cleared (null when cut at the maximum duration or by a gap in the feed), peak and chart.</summary>
public sealed record FinishedEpisode(
    EncodedFrame First,
    IReadOnlyList<EncodedFrame> TimeLapse,
    EncodedFrame Last,
    EncodedFrame? Cleared,
    double Peak,
    IReadOnlyList<OccupancySample> Samples,
    BoundingBox Region);
