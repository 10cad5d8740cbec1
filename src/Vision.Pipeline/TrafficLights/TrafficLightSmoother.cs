namespace Vision.Pipeline.TrafficLights;

/// <summary>
/// One light's state over time: a new colour is believed after it was read <see cref="FramesToConfirm"/> frames in a
/// row, and dated from the first of those frames; unreadable frames keep the last state until
/// <see cref="FramesToUnknown"/> of them in a row. Keeps the recent timeline of changes for evidence.
/// </summary>
public sealed class TrafficLightSmoother(string lightId, int framesToConfirm = 3, int framesToUnknown = 25, int timelineLength = 16)
{
    private readonly Queue<LightStateChange> _timeline = new();
    private TrafficLightState _candidate;
    private int _candidateRun;
    private long _candidateSequence;
    private DateTimeOffset _candidateAt;

    public string LightId { get; } = lightId;

    public int FramesToConfirm { get; } = framesToConfirm;

    public int FramesToUnknown { get; } = framesToUnknown;

    public TrafficLightState State { get; private set; }

    /// <summary>Capture time of the first frame that showed the current state (null until a state was confirmed).</summary>
    public DateTimeOffset? Since { get; private set; }

    /// <summary>The latest changes, oldest first.</summary>
    public IReadOnlyCollection<LightStateChange> Timeline => _timeline;

    /// <returns>True when the state changed with this frame.</returns>
    public bool Observe(TrafficLightState reading, long sequence, DateTimeOffset capturedAt)
    {
        if (reading != _candidate || _candidateRun == 0)
        {
            _candidate = reading;
            _candidateRun = 0;
            _candidateSequence = sequence;
            _candidateAt = capturedAt;
        }

        _candidateRun++;
        var needed = reading == TrafficLightState.Unknown ? FramesToUnknown : FramesToConfirm;
        if (reading == State || _candidateRun < needed)
        {
            return false;
        }

        State = reading;
        Since = _candidateAt;
        _timeline.Enqueue(new LightStateChange(LightId, reading, _candidateSequence, _candidateAt));
        while (_timeline.Count > timelineLength)
        {
            _timeline.Dequeue();
        }

        return true;
    }
}
