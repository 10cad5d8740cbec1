namespace Vision.Pipeline.Cameras;

/// <summary>
/// When a live stream's frames were captured, on the service clock, from their presentation timestamps: the frames of a
/// burst that follows a stall (a weak link delivering late) keep the spacing the camera gave them, where their arrival
/// times would put them milliseconds apart and make every vehicle in them race. The stream's time is tied to the
/// service's by the least delay seen (a frame is never captured after it arrived); it is tied again when the
/// timestamps go back (the camera restarted its stream) or fall further behind arrival than <paramref name="maxLag"/>
/// (a camera clock running slow).
/// </summary>
internal sealed class StreamClock(TimeSpan maxLag)
{
    private DateTimeOffset? _origin;
    private double _lastPts = double.NegativeInfinity;

    public DateTimeOffset CapturedAt(double ptsSeconds, DateTimeOffset arrivedAt)
    {
        var origin = arrivedAt - TimeSpan.FromSeconds(ptsSeconds);
        if (_origin is not { } tied || ptsSeconds < _lastPts || tied + TimeSpan.FromSeconds(ptsSeconds) < arrivedAt - maxLag)
        {
            _origin = origin;
        }
        else if (origin < tied)
        {
            _origin = origin;
        }

        _lastPts = ptsSeconds;
        return _origin!.Value + TimeSpan.FromSeconds(ptsSeconds);
    }
}
