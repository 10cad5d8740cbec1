using Vision.Domain.TrafficLights;

namespace Vision.Pipeline.TrafficLights;

/// <summary>
/// One light's state over time: a new colour is believed after it was read <see cref="FramesToConfirm"/> times with no
/// other colour in between, and dated from the first of those frames; unreadable frames neither confirm nor break a
/// colour (an LED light filmed by a rolling shutter reads "off" in some frames), and only
/// <see cref="FramesToUnknown"/> of them in a row make the state unknown. The colour read again after an unknown stretch
/// shorter than <see cref="ResumeWithin"/> (a truck hid the light) keeps its start: no light cycle is that short, so it
/// never changed. A colour's readings confirm it only while each comes within <see cref="CandidateGap"/> of the one
/// before (on a slower feed, two and a half frame intervals; a red glimpsed through a gap in traffic and read again a minute later is two reds, not one run dated from the
/// first), and frames missing for longer than <see cref="ResumeWithin"/> (a camera outage) make the state unknown:
/// either way a red seen again is dated from when it was seen again. Keeps the recent timeline of changes (as read) for
/// evidence.
/// </summary>
public sealed class TrafficLightSmoother(string lightId, int framesToConfirm = 3, int framesToUnknown = 25, int timelineLength = 16)
{
    /// <summary>The longest unknown stretch after which a colour read again is taken for the one held before it.</summary>
    public static readonly TimeSpan ResumeWithin = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The longest time between two readings of one colour that still counts them as one run, on a feed of 0.4 frames a
    /// second or more; a slower feed is allowed two and a half of its frame intervals (a 0.5 fps gateway still confirms).
    /// </summary>
    public static readonly TimeSpan CandidateGap = TimeSpan.FromSeconds(1);

    private readonly Queue<LightStateChange> _timeline = new();
    private TrafficLightState _candidate;
    private int _candidateRun;
    private long _candidateSequence;
    private DateTimeOffset _candidateAt;
    private DateTimeOffset _candidateLastAt;
    private long _lastSequence;
    private DateTimeOffset? _lastAt;
    private TimeSpan _frameInterval;
    private TimeSpan _previousInterval;
    private TimeSpan _earlierInterval;
    private int _unknownRun;
    private long _unknownSequence;
    private DateTimeOffset _unknownAt;
    private (TrafficLightState State, DateTimeOffset Since)? _beforeUnknown;

    public string LightId { get; } = lightId;

    public int FramesToConfirm { get; } = framesToConfirm;

    public int FramesToUnknown { get; } = framesToUnknown;

    public TrafficLightState State { get; private set; }

    /// <summary>Capture time of the first frame that showed the current state (null until a state was confirmed).</summary>
    public DateTimeOffset? Since { get; private set; }

    /// <summary>
    /// Whether readings not yet believed may still change the state as of an earlier frame: another colour read fewer
    /// times than it takes to believe it, or the light unreadable (its colour may have changed meanwhile).
    /// </summary>
    public bool Unsettled => _unknownRun > 0 || (_candidateRun > 0 && _candidate != State);

    /// <summary>The latest changes, oldest first.</summary>
    public IReadOnlyCollection<LightStateChange> Timeline => _timeline;

    /// <returns>True when the state changed with this frame.</returns>
    public bool Observe(TrafficLightState reading, long sequence, DateTimeOffset capturedAt)
    {
        var changed = false;
        if (_lastAt is { } last && capturedAt - last > ResumeWithin)
        {
            // No frame for longer than a hidden light keeps its colour: whatever was held, the light may have cycled.
            _candidateRun = 0;
            _unknownRun = 0;
            _beforeUnknown = null;
            if (State != TrafficLightState.Unknown)
            {
                Change(TrafficLightState.Unknown, _lastSequence + 1, last);
                changed = true;
            }
        }

        var interval = _lastAt is { } previous && capturedAt > previous ? capturedAt - previous : TimeSpan.Zero;
        // The feed's pace is the longer of the two intervals before this one (this one counts too until two came before):
        // taken from the interval that held a six-second stall on a 25 fps camera, it allowed fifteen, and a red read once
        // before the stall and twice after was dated from before it; a snapshot gateway's irregular 0.8 s and 2.5 s
        // intervals still confirm.
        var pace = _previousInterval > _earlierInterval ? _previousInterval : _earlierInterval;
        _frameInterval = _earlierInterval == TimeSpan.Zero && interval > pace ? interval : pace;
        (_earlierInterval, _previousInterval) = (_previousInterval, interval);
        _lastAt = capturedAt;
        _lastSequence = sequence;
        return Read(reading, sequence, capturedAt) || changed;
    }

    private bool Read(TrafficLightState reading, long sequence, DateTimeOffset capturedAt)
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
            _beforeUnknown = Since is { } since ? (State, since) : null;
            Change(TrafficLightState.Unknown, _unknownSequence, _unknownAt);
            return true;
        }

        _unknownRun = 0;
        var gapAllowed = TimeSpan.FromTicks(Math.Max(CandidateGap.Ticks, (long)(_frameInterval.Ticks * 2.5)));
        if (reading != _candidate || _candidateRun == 0 || capturedAt - _candidateLastAt > gapAllowed)
        {
            _candidate = reading;
            _candidateRun = 0;
            _candidateSequence = sequence;
            _candidateAt = capturedAt;
        }

        _candidateLastAt = capturedAt;

        _candidateRun++;
        if (reading == State || _candidateRun < FramesToConfirm)
        {
            return false;
        }

        var resumes = State == TrafficLightState.Unknown && _beforeUnknown is { } before && before.State == reading
            && _candidateAt - Since <= ResumeWithin;
        Change(reading, _candidateSequence, _candidateAt);
        if (resumes)
        {
            Since = _beforeUnknown!.Value.Since;
        }

        return true;
    }

    private void Change(TrafficLightState state, long sequence, DateTimeOffset since)
    {
        State = state;
        Since = since;
        _timeline.Enqueue(new LightStateChange(LightId, state, sequence, since));
        while (_timeline.Count > timelineLength)
        {
            _timeline.Dequeue();
        }
    }
}
