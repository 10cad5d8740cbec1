namespace Vision.Pipeline.Cameras;

/// <summary>
/// When a live stream's frames were captured, on the service clock, from their presentation timestamps: the frames of a
/// burst that follows a stall (a weak link delivering late) keep the spacing the camera gave them, where their arrival
/// times would put them milliseconds apart and make every vehicle in them race. The stream's time is tied to the
/// service's by the least delay seen (a frame is never captured after it arrived); it is tied again when the
/// timestamps go back (the camera restarted its stream) or fall further behind arrival than <paramref name="maxLag"/>
/// (a camera clock running slow). Timestamps are trusted only once they have kept pace with arrival over
/// <see cref="RateWindow"/> (within <see cref="MinimumRate"/>–<see cref="MaximumRate"/>): ffmpeg makes up 25 fps
/// timestamps for a multipart MJPEG camera sending 5 (or 15), which would put its frames 0.04 s apart. Untrusted, a frame
/// carries its arrival time.
/// </summary>
internal sealed class StreamClock(TimeSpan maxLag)
{
    /// <summary>How much arrival time the timestamps are compared over.</summary>
    public static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Timestamp seconds per second of arrival below which the timestamps are not the camera's. A camera's own keep pace
    /// within a few percent; made-up ones that lag (ffmpeg's 25 fps for a 15 fps camera: 0.6) squeeze every frame together
    /// and make every vehicle fast. Arrival times are right while the link keeps pace; only a burst after a stall bunches them.
    /// </summary>
    public const double MinimumRate = 0.9;

    /// <summary>Above this the timestamps are not the camera's (a stream's first seconds may come at up to twice its pace, as ffmpeg learns it).</summary>
    public const double MaximumRate = 3;

    /// <summary>Nothing arriving for longer than this is a stall: the rate window starts again after it, and the trust stands.</summary>
    public static readonly TimeSpan StallGap = TimeSpan.FromSeconds(2);

    private (double Pts, DateTimeOffset Arrived)? _last;

    private DateTimeOffset? _origin;
    private double _lastPts = double.NegativeInfinity;
    private (double Pts, DateTimeOffset Arrived)? _window;
    private bool _trusted;

    public DateTimeOffset CapturedAt(double ptsSeconds, DateTimeOffset arrivedAt)
    {
        JudgeRate(ptsSeconds, arrivedAt);
        if (!_trusted)
        {
            _origin = null;
            _lastPts = ptsSeconds;
            return arrivedAt;
        }

        var origin = arrivedAt - TimeSpan.FromSeconds(ptsSeconds);
        if (_origin is not { } tied || ptsSeconds < _lastPts || tied + TimeSpan.FromSeconds(ptsSeconds) < arrivedAt - maxLag || origin < tied)
        {
            _origin = origin;
        }

        _lastPts = ptsSeconds;
        return _origin!.Value + TimeSpan.FromSeconds(ptsSeconds);
    }

    private void JudgeRate(double ptsSeconds, DateTimeOffset arrivedAt)
    {
        var last = _last;
        var sinceLast = arrivedAt - (last?.Arrived ?? arrivedAt);
        _last = (ptsSeconds, arrivedAt);
        if (_window is not { } window || ptsSeconds < window.Pts)
        {
            _window = (ptsSeconds, arrivedAt);
            _trusted = false;
            return;
        }

        if (sinceLast > StallGap)
        {
            // The timestamps went on while nothing arrived: a window closed by the burst after a stall measured the link,
            // not the camera, and a burst whose first frame closed it lost the camera's spacing (a CI run under load).
            _window = (ptsSeconds, arrivedAt);
            return;
        }

        var elapsed = arrivedAt - window.Arrived;
        if (elapsed >= RateWindow)
        {
            // Judged up to the frame before this one when there is one: this one may come after a short pause (under
            // StallGap), whose delay is the link's. Judged on it, a 1.6 s pause made the camera's own timestamps look 0.78
            // as fast as arrival, and the burst after it fell on one instant.
            var end = last is { } before && before.Arrived > window.Arrived && before.Pts >= window.Pts ? before : (Pts: ptsSeconds, Arrived: arrivedAt);
            var rate = (end.Pts - window.Pts) / (end.Arrived - window.Arrived).TotalSeconds;
            _trusted = rate is >= MinimumRate and <= MaximumRate;
            _window = (ptsSeconds, arrivedAt);
        }
    }
}
