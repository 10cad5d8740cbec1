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
/// the line before the light turned red may clear it. A vehicle unseen between the frame it was last behind the line
/// and the frame it is next seen off it (lost behind another vehicle, frames dropped) is judged at the earliest moment
/// it may have left: just after it was last seen behind. A crossing that would be fined while a red light's readings are
/// unsettled (another colour read but not yet believed, or the light hidden) is judged again each frame until they
/// settle: the light board dates a believed change from its first reading, so the car clearly past in the second frame
/// of a green, or while a truck hid the light as it changed, crossed on green; and one that would not be fined, while
/// any governing light's are, so that a red first read just before the vehicle left (believed two readings later, on a
/// slow feed seconds later) is judged as the red it was.
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

    /// <summary>
    /// Whether a sighting behind the line, after the vehicle was seen on or past it, is the vehicle moving back rather
    /// than its box changing (see <see cref="Advance"/>); counts the frames of a whole-box return.
    /// </summary>
    private static bool MovedBackBehind(ref LineProgress state, float beyond, float topBeyond, float band)
    {
        var topMovedBackPastBand = topBeyond - state.TopWhenLastOnOrPast <= -band;
        if (state.Side != -1)
        {
            return topMovedBackPastBand;
        }

        if (!ByWholeBox(state.TopWhenLastOnOrPast - state.TopWhenBehind, state.BeyondWhenLastOnOrPast - state.BeyondWhenBehind))
        {
            return true; // It left by its bottom edge alone.
        }

        if (!ByWholeBox(state.TopWhenLastOnOrPast - topBeyond, state.BeyondWhenLastOnOrPast - beyond))
        {
            return false; // It returns by its bottom edge alone.
        }

        state.FramesBackBehind++;
        return state.FramesBackBehind >= ReturnFrames || topMovedBackPastBand;
    }

    /// <summary>Moves one track's progress over stop line <paramref name="line"/>; returns the crossing to judge once it is clearly past.</summary>
    private static LineProgress? Advance(RuleFrame frame, int line, float beyond, float topBeyond, ref LineProgress state)
    {
        var band = frame.Geometry.LineHysteresisPixels;
        if (beyond < -band)
        {
            // Back behind from on or past the line only when the whole vehicle moved back, its top too: a box whose bottom
            // jumps back (a motorbike passing behind boxed with it) re-armed the rule for a car that had crossed on green,
            // or that had reached the line on green and waited on it, and it was fined when it drove on under the red.
            // On the line, an edge moves alone when something hides or joins the box; the whole box moves when the
            // vehicle (or the detector's jitter) does. A leave by the bottom edge alone (its lower part hidden for a frame)
            // was no advance: re-armed. A return by the bottom edge alone is ignored. A return of the whole box re-arms
            // once it stays behind for ReturnFrames frames or its top moved back past the band: a one-frame wobble across
            // the band's edge, either way, is jitter (one out of the band under the red fined a car that had reached the
            // line on green; one into it on green let a car waiting behind it run the red).
            if (state.SeenOnOrPast && !MovedBackBehind(ref state, beyond, topBeyond, band))
            {
                return null;
            }

            state = new LineProgress
            {
                Side = -1, TopWhenBehind = topBeyond, BeyondWhenBehind = beyond, BehindAt = frame.CapturedAt, BehindSequence = frame.Sequence,
            };
            return null;
        }

        (state.SeenOnOrPast, state.TopWhenLastOnOrPast, state.BeyondWhenLastOnOrPast, state.FramesBackBehind) = (true, topBeyond, beyond, 0);

        if (state.Side != -1)
        {
            // Never seen behind the line (appeared on or past it), or already past: nothing to judge.
            return null;
        }

        if (!state.Left)
        {
            // Leaving the behind side: the moment that is judged, even if the light changes while on the line. Not seen
            // since it was behind (lost, frames dropped, or a stall or slow feed between two consecutive frames), it may
            // have left as early as just after it was last seen behind.
            var unseenSinceBehind = frame.Sequence - state.BehindSequence > 1 || frame.CapturedAt - state.BehindAt > 1.5 * frame.NominalFrameInterval;
            state.Left = true;
            state.LeftAtSequence = frame.Sequence;
            state.LeftAt = frame.CapturedAt;
            state.EarliestLeftAt = unseenSinceBehind ? state.BehindAt : frame.CapturedAt;
        }

        if (beyond <= band)
        {
            return null;
        }

        // The whole vehicle moved, not just its box's bottom edge (which jumps when something passes in front of it).
        // Until its top follows (a tall vehicle's top moves less in the image; a rider missed in one frame shortens a
        // motorbike's box) the crossing is judged again each frame.
        if (topBeyond - state.TopWhenBehind < band)
        {
            return null;
        }

        // Judged with the light as believed now, which may date a change from a reading taken before the vehicle left: on a
        // slow feed a red first read just before it left is believed two readings later. Red when it left, for longer
        // than the grace period, and still red when it is clearly past: a vehicle that waited on the line through the red
        // and went on green did right.
        var light = RedLightOf(frame, frame.Scene.Document.StopLines[line].Lights);
        var redForWhenLeft = light.RedFor - (frame.CapturedAt - state.EarliestLeftAt);
        var fined = light.Red && redForWhenLeft >= frame.Scene.Document.Rules.RedLightGrace;
        if (fined ? light.RedUnsettled : light.AnyUnsettled)
        {
            return null;
        }

        state.RedForWhenLeft = redForWhenLeft;
        state.Side = 1;
        return fined ? state : null;
    }

    /// <summary>Frames a vehicle that left the behind side must be seen back behind the line, whole, before it counts as behind again.</summary>
    private const int ReturnFrames = 3;

    /// <summary>Whether the top edge moved at least half as far as the bottom edge did (the whole box moved, not one edge).</summary>
    private static bool ByWholeBox(float topMoved, float bottomMoved) => topMoved >= 0.5f * bottomMoved;

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

    /// <summary>Whether a governing light is red, and for how long the longest-red one has been (a head whose change was
    /// read late, behind a bus or in glare, does not shorten the red the others show); its red unsettled while every red
    /// one's readings may still change it as of an earlier frame (one head hidden by a bus does not hold back the red
    /// another shows plainly); any unsettled while some head's may (a red read but not yet believed).</summary>
    private static (bool Red, TimeSpan RedFor, bool RedUnsettled, bool AnyUnsettled) RedLightOf(RuleFrame frame, IReadOnlyList<string> lightIds)
    {
        var (red, redFor, settledRed, anyUnsettled) = (false, TimeSpan.Zero, false, false);
        foreach (var id in lightIds)
        {
            var status = frame.Lights.StatusOf(id);
            anyUnsettled |= status.Unsettled;
            if (status.State == TrafficLightState.Red)
            {
                (red, redFor) = (true, TimeSpan.FromTicks(Math.Max(redFor.Ticks, status.DurationAt(frame.CapturedAt).Ticks)));
                settledRed |= !status.Unsettled;
            }
        }

        return (red, redFor, red && !settledRed, anyUnsettled);
    }

    private struct LineProgress
    {
        /// <summary>-1 behind the line, +1 past it, 0 not yet seen clearly on either side.</summary>
        public int Side;
        public bool Left;
        public long LeftAtSequence;
        public DateTimeOffset LeftAt;

        /// <summary>The earliest moment it may have left: <see cref="LeftAt"/>, or just after it was last seen behind.</summary>
        public DateTimeOffset EarliestLeftAt;

        /// <summary>How long the light had been red when it left, as judged once it was clearly past.</summary>
        public TimeSpan RedForWhenLeft;

        /// <summary>Where the box's top and bottom edges were, relative to the line, the last time the vehicle was clearly behind it.</summary>
        public float TopWhenBehind;
        public float BeyondWhenBehind;

        /// <summary>Whether the vehicle was seen on or past the line, and where its top and bottom were the last time.</summary>
        public bool SeenOnOrPast;
        public float TopWhenLastOnOrPast;
        public float BeyondWhenLastOnOrPast;

        /// <summary>Frames seen back behind the line, whole, since it was last on or past it.</summary>
        public int FramesBackBehind;

        /// <summary>When the vehicle was last seen clearly behind the line.</summary>
        public DateTimeOffset BehindAt;
        public long BehindSequence;
    }
}
