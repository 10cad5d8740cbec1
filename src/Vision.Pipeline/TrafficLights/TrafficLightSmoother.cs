using Vision.Domain.TrafficLights;

namespace Vision.Pipeline.TrafficLights;

/// <summary>
/// One light's state over time: a new colour is believed after it was read <see cref="FramesToConfirm"/> times with no
/// other colour in between, and dated from the first of those frames; unreadable frames neither confirm nor break a
/// colour (an LED light filmed by a rolling shutter reads "off" in some frames), and only
/// <see cref="FramesToUnknown"/> of them in a row make the state unknown. Keeps the recent timeline of changes for evidence.
/// </summary>
public sealed class TrafficLightSmoother(string lightId, int framesToConfirm = 3, int framesToUnknown = 25, int timelineLength = 16)
{
    private readonly Queue<LightStateChange> _timeline = new();
    private TrafficLightState _candidate;
    private int _candidateRun;
    private long _candidateSequence;
    private DateTimeOffset _candidateAt;
    private int _unknownRun;
    private long _unknownSequence;
    private DateTimeOffset _unknownAt;

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
        if (reading == TrafficLightState.Unknown)
        {
            if (_unknownRun++ == 0)
            {
                _unknownSequence = sequence;
                _unknownAt = capturedAt;
            }

            if (State == TrafficLightState.Unknown || _unknownRun < FramesToUnknown)
            {
                return false;
            }

            _candidateRun = 0;
            return Change(TrafficLightState.Unknown, _unknownSequence, _unknownAt);
        }

        _unknownRun = 0;
        if (reading != _candidate || _candidateRun == 0)
        {
            _candidate = reading;
            _candidateRun = 0;
            _candidateSequence = sequence;
            _candidateAt = capturedAt;
        }

        _candidateRun++;
        return reading != State && _candidateRun >= FramesToConfirm && Change(reading, _candidateSequence, _candidateAt);
    }

    private bool Change(TrafficLightState state, long sequence, DateTimeOffset since)
    {
        State = state;
        Since = since;
        _timeline.Enqueue(new LightStateChange(LightId, state, sequence, since));
        while (_timeline.Count > timelineLength)
        {
            _timeline.Dequeue();
        }

        return true;
    }
}
