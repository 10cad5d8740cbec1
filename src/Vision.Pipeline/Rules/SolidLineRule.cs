using Vision.Domain.Violations;


namespace Vision.Pipeline.Rules;

/// <summary>
/// Crossing a solid lane line: a vehicle's anchor clearly on one side of the line (beyond the hysteresis band), then
/// clearly on the other, within the line's extent, with both bottom corners of its box moved that way too (a box that
/// only shrinks on one side while something passes in front is no crossing). Once per track and line. A vehicle that
/// goes beyond the line's ends forgets its side: going round the end (a U-turn at a junction) crosses nothing.
/// </summary>
public sealed class SolidLineRule : ITrafficRule
{
    private readonly TrackStateTable<LineSide[]> _states;

    public SolidLineRule(int lineCount) => _states = new(() => new LineSide[lineCount]);

    public string Name => "solid-line";

    public int TrackedStateCount => _states.Count;

    public void Evaluate(RuleFrame frame, List<RuleFinding> findings)
    {
        var geometry = frame.Geometry;
        var band = geometry.LineHysteresisPixels;
        foreach (var track in frame.Tracks)
        {
            if (!frame.IsSeenVehicle(track))
            {
                continue;
            }

            var sides = _states.Get(track.TrackId);
            var anchor = RuleFrame.Anchor(track);
            for (var i = 0; i < sides.Length; i++)
            {
                ref var side = ref sides[i];
                if (!TrySignedDistance(geometry.SolidLines[i], anchor, out var distance, out var segment))
                {
                    if (IsBeyondEnds(geometry.SolidLines[i], anchor))
                    {
                        side.Side = 0;
                    }

                    continue;
                }

                if (MathF.Abs(distance) <= band)
                {
                    continue;
                }

                var now = distance > 0 ? 1 : -1;
                var left = segment.SignedDistance(new Vision.Domain.Geometry.PixelPoint(track.Box.Left, track.Box.Bottom));
                var right = segment.SignedDistance(new Vision.Domain.Geometry.PixelPoint(track.Box.Right, track.Box.Bottom));
                var wholeBoxMoved = (left - side.LeftCornerWhenSided) * now >= band && (right - side.RightCornerWhenSided) * now >= band;
                if (side.Side == -now && !side.Reported && wholeBoxMoved)
                {
                    side.Reported = true;
                    findings.Add(new RuleFinding(ViolationKind.SolidLineCrossing, Name, track, side.SideSinceSequence, side.SideSince,
                        frame.Scene.Document.SolidLines[i].Name,
                        [new Measurement("distance_past_line", MathF.Abs(distance), "px")]));
                }

                if (side.Side != now && (side.Side == 0 || wholeBoxMoved))
                {
                    side.Side = now;
                    side.SideSinceSequence = frame.Sequence;
                    side.SideSince = frame.CapturedAt;
                }

                if (side.Side == now)
                {
                    // Where the box stands on its side now: a later crossing is measured from here.
                    side.LeftCornerWhenSided = left;
                    side.RightCornerWhenSided = right;
                }
            }
        }

        _states.Sweep(frame.AliveTrackIds);
    }

    /// <summary>Signed distance to the nearest segment the anchor projects onto; false when it is beyond the line's ends.</summary>
    private static bool TrySignedDistance(Scenes.PixelSegment[] segments, Vision.Domain.Geometry.PixelPoint anchor, out float distance, out Scenes.PixelSegment nearest)
    {
        distance = 0;
        nearest = default;
        var found = false;
        foreach (var segment in segments)
        {
            var along = segment.Projection(anchor);
            if (along is < 0 or > 1)
            {
                continue;
            }

            var d = segment.SignedDistance(anchor);
            if (!found || MathF.Abs(d) < MathF.Abs(distance))
            {
                distance = d;
                nearest = segment;
                found = true;
            }
        }

        return found;
    }

    /// <summary>Past the first point or the last (not merely outside the corner of a bend, which projects onto no segment either).</summary>
    private static bool IsBeyondEnds(Scenes.PixelSegment[] segments, Vision.Domain.Geometry.PixelPoint anchor) =>
        segments.Length > 0 && (segments[0].Projection(anchor) < 0 || segments[^1].Projection(anchor) > 1);

    private struct LineSide
    {
        public int Side;
        public bool Reported;
        public long SideSinceSequence;
        public DateTimeOffset SideSince;
        public float LeftCornerWhenSided;
        public float RightCornerWhenSided;
    }
}
