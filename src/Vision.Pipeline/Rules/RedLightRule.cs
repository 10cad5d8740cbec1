using Vision.Domain.Geometry;
using Vision.Domain.TrafficLights;
using Vision.Domain.Violations;
using Vision.Pipeline.Scenes;
using Vision.Pipeline.TrafficLights;
using Vision.Pipeline.Tracking;

namespace Vision.Pipeline.Rules;

/// <summary>
/// Red-light running: a vehicle whose anchor (bottom centre) was behind a stop line and then beyond it, having left
/// its side of the line while a governing light had been red for longer than the grace period, and still red when it
/// was clearly past. A band of
/// <see cref="Scenes.SceneRuleSettings.LineHysteresis"/> around the line absorbs box jitter; a vehicle that reached
/// the line before the light turned red may clear it.
/// </summary>
public sealed class RedLightRule : ITrafficRule
{
    private readonly TrackStateTable<LineProgress[]> _states;

    public RedLightRule(int stopLineCount) => _states = new(() => new LineProgress[stopLineCount]);

    public string Name => "red-light";

    public int TrackedStateCount => _states.Count;

    public void Evaluate(RuleFrame frame, List<RuleFinding> findings)
    {
        foreach (var track in frame.Tracks)
        {
            if (frame.IsSeenVehicle(track))
            {
                FollowAcrossStopLines(frame, track, findings);
            }
        }

        _states.Sweep(frame.AliveTrackIds);
    }

    private void FollowAcrossStopLines(RuleFrame frame, TrackSnapshot track, List<RuleFinding> findings)
    {
        var geometry = frame.Geometry;
        var progress = _states.Get(track.TrackId);
        var anchor = RuleFrame.Anchor(track);
        for (var i = 0; i < progress.Length; i++)
        {
            var line = geometry.StopLines[i];
            var along = line.Projection(anchor);
            if (along is < -0.1f or > 1.1f)
            {
                continue;
            }

            var beyond = line.SignedDistance(anchor) * geometry.StopLineBeyondSign[i];
            var topBeyond = line.SignedDistance(new PixelPoint(track.Box.CenterX, track.Box.Top)) * geometry.StopLineBeyondSign[i];
            if (Advance(frame, i, beyond, topBeyond, ref progress[i]) is { } crossing)
            {
                findings.Add(Finding(frame, track, i, crossing, beyond));
            }
        }
    }

    /// <summary>Moves one track's progress over stop line <paramref name="line"/>; returns the crossing to judge once it is clearly past.</summary>
    private static LineProgress? Advance(RuleFrame frame, int line, float beyond, float topBeyond, ref LineProgress state)
    {
        var band = frame.Geometry.LineHysteresisPixels;
        if (beyond < -band)
        {
            state = new LineProgress { Side = -1, TopWhenBehind = topBeyond };
            return null;
        }

        if (state.Side != -1)
        {
            // Never seen behind the line (appeared on or past it), or already past: nothing to judge.
            return null;
        }

        if (!state.Left)
        {
            // Leaving the behind side: the moment that is judged, even if the light changes while on the line.
            var (red, redFor) = RedLightOf(frame, frame.Scene.Document.StopLines[line].Lights);
            state.Left = true;
            state.LeftAtSequence = frame.Sequence;
            state.LeftAt = frame.CapturedAt;
            state.RedWhenLeft = red;
            state.RedForWhenLeft = redFor;
        }

        if (beyond <= band)
        {
            return null;
        }

        state.Side = 1;
        // Still red when it is clearly past: a vehicle that waited on the line through the red and went on green did right.
        var (redNow, _) = RedLightOf(frame, frame.Scene.Document.StopLines[line].Lights);
        // The whole vehicle moved, not just its box's bottom edge (which jumps when something passes in front of it).
        var vehicleMoved = topBeyond - state.TopWhenBehind >= band;
        return state.RedWhenLeft && state.RedForWhenLeft >= frame.Scene.Document.Rules.RedLightGrace && redNow && vehicleMoved ? state : null;
    }

    private RuleFinding Finding(RuleFrame frame, TrackSnapshot track, int line, LineProgress crossing, float beyond)
    {
        var stopLine = frame.Scene.Document.StopLines[line];
        return new RuleFinding(ViolationKind.RedLight, Name, track, crossing.LeftAtSequence, crossing.LeftAt, stopLine.Name,
        [
            new Measurement("red_elapsed_when_crossing", crossing.RedForWhenLeft.TotalSeconds, "s"),
            new Measurement("grace_period", frame.Scene.Document.Rules.RedLightGrace.TotalSeconds, "s"),
            new Measurement("distance_beyond_line", beyond, "px"),
        ])
        { LightIds = stopLine.Lights };
    }

    private static (bool Red, TimeSpan RedFor) RedLightOf(RuleFrame frame, IReadOnlyList<string> lightIds)
    {
        foreach (var id in lightIds)
        {
            var status = frame.Lights.StatusOf(id);
            if (status.State == TrafficLightState.Red)
            {
                return (true, status.DurationAt(frame.CapturedAt));
            }
        }

        return (false, TimeSpan.Zero);
    }

    private struct LineProgress
    {
        /// <summary>-1 behind the line, +1 past it, 0 not yet seen clearly on either side.</summary>
        public int Side;
        public bool Left;
        public long LeftAtSequence;
        public DateTimeOffset LeftAt;
        public bool RedWhenLeft;
        public TimeSpan RedForWhenLeft;

        /// <summary>Where the box's top edge was, relative to the line, the last time the vehicle was clearly behind it.</summary>
        public float TopWhenBehind;
    }
}
