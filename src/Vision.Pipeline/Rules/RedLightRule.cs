using Vision.Domain.Geometry;
using Vision.Domain.TrafficLights;
using Vision.Domain.Violations;
using Vision.Pipeline.Scenes;
using Vision.Pipeline.TrafficLights;

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
        var geometry = frame.Geometry;
        var lines = frame.Scene.Document.StopLines;
        var band = geometry.LineHysteresisPixels;
        foreach (var track in frame.Tracks)
        {
            if (!frame.IsSeenVehicle(track))
            {
                continue;
            }

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

                ref var state = ref progress[i];
                var beyond = line.SignedDistance(anchor) * geometry.StopLineBeyondSign[i];
                var topBeyond = line.SignedDistance(new PixelPoint(track.Box.CenterX, track.Box.Top)) * geometry.StopLineBeyondSign[i];
                if (beyond < -band)
                {
                    state = new LineProgress { Side = -1, TopWhenBehind = topBeyond };
                    continue;
                }

                if (state.Side != -1)
                {
                    // Never seen behind the line (appeared on or past it), or already past: nothing to judge.
                    continue;
                }

                if (!state.Left)
                {
                    // Leaving the behind side: the moment that is judged, even if the light changes while on the line.
                    var (red, redFor) = RedLightOf(frame, lines[i].Lights);
                    state.Left = true;
                    state.LeftAtSequence = frame.Sequence;
                    state.LeftAt = frame.CapturedAt;
                    state.RedWhenLeft = red;
                    state.RedForWhenLeft = redFor;
                }

                if (beyond > band)
                {
                    state.Side = 1;
                    var grace = frame.Scene.Document.Rules.RedLightGrace;
                    // Still red when it is clearly past: a vehicle that waited on the line through the red and went on green did right.
                    var (redNow, _) = RedLightOf(frame, lines[i].Lights);
                    // The whole vehicle moved, not just its box's bottom edge (which jumps when something passes in front of it).
                    var vehicleMoved = topBeyond - state.TopWhenBehind >= band;
                    if (state.RedWhenLeft && state.RedForWhenLeft >= grace && redNow && vehicleMoved)
                    {
                        findings.Add(new RuleFinding(ViolationKind.RedLight, Name, track, state.LeftAtSequence, state.LeftAt, lines[i].Name,
                        [
                            new Measurement("red_elapsed_when_crossing", state.RedForWhenLeft.TotalSeconds, "s"),
                            new Measurement("grace_period", grace.TotalSeconds, "s"),
                            new Measurement("distance_beyond_line", beyond, "px"),
                        ])
                        { LightIds = lines[i].Lights });
                    }
                }
            }
        }

        _states.Sweep(frame.AliveTrackIds);
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
