using Vision.Domain.Geometry;
using Vision.Domain.Violations;

namespace Vision.Pipeline.Rules;

/// <summary>
/// Wrong-way driving: inside a lane, a vehicle's anchor moved against the lane's direction by more than
/// <see cref="Scenes.SceneRuleSettings.WrongWayMinDistance"/> from the furthest point it reached along it
/// (so standing still or jitter never adds up), with the top of its box following by at least half that distance (a
/// box whose bottom edge jumps while something stands in front of the vehicle, and back, is no movement). Once per
/// track and direction: lanes of one carriageway (a car lane and a motorbike lane drawn apart for their AllowedClasses)
/// share one violation; a ride against a crossing one-way street is another.
/// </summary>
public sealed class WrongWayRule : ITrafficRule
{
    private static readonly float SameWayCosine = MathF.Cos(MathF.PI / 6);

    private readonly TrackStateTable<LaneProgress[]> _states;

    public WrongWayRule(int laneCount) => _states = new(() => new LaneProgress[laneCount]);

    public string Name => "wrong-way";

    public int TrackedStateCount => _states.Count;

    public void Evaluate(RuleFrame frame, List<RuleFinding> findings)
    {
        var geometry = frame.Geometry;
        var minDistance = (float)(frame.Scene.Document.Rules.WrongWayMinDistance * geometry.Height);
        foreach (var track in frame.Tracks)
        {
            if (!frame.IsSeenVehicle(track))
            {
                continue;
            }

            var lanes = _states.Get(track.TrackId);
            var anchor = RuleFrame.Anchor(track);
            for (var i = 0; i < lanes.Length; i++)
            {
                ref var lane = ref lanes[i];
                if (!geometry.Lanes[i].Contains(anchor))
                {
                    lane.Inside = false;
                    continue;
                }

                var direction = geometry.LaneDirections[i];
                var along = anchor.X * direction.X + anchor.Y * direction.Y;
                var topAlong = track.Box.CenterX * direction.X + track.Box.Top * direction.Y;
                if (!lane.Inside)
                {
                    lane.Inside = true;
                    lane.Furthest = along;
                    lane.FurthestSequence = frame.Sequence;
                    lane.FurthestAt = frame.CapturedAt;
                    lane.FurthestTop = topAlong;
                }
                else if (along > lane.Furthest)
                {
                    lane.Furthest = along;
                    lane.FurthestSequence = frame.Sequence;
                    lane.FurthestAt = frame.CapturedAt;
                }

                lane.FurthestTop = Math.Max(lane.FurthestTop, topAlong);
                var against = lane.Furthest - along;
                var topAgainst = lane.FurthestTop - topAlong;
                if (!lane.Reported && against >= minDistance && topAgainst >= minDistance / 2 && !ReportedAlong(lanes, geometry.LaneDirections, i))
                {
                    lane.Reported = true;
                    findings.Add(new RuleFinding(ViolationKind.WrongWay, Name, track, lane.FurthestSequence, lane.FurthestAt,
                        frame.Scene.Document.Lanes[i].Name,
                        [
                            new Measurement("distance_against_lane", against, "px"),
                            new Measurement("distance_against_lane_fraction_of_height", against / geometry.Height, "1"),
                        ]));
                }
            }
        }

        _states.Sweep(frame.AliveTrackIds);
    }

    /// <summary>
    /// Whether the track was reported in a lane running the same way as lane <paramref name="index"/> (within 30°): one
    /// ride against the traffic is one violation however many lanes of the carriageway it crosses (two fines before).
    /// </summary>
    private static bool ReportedAlong(LaneProgress[] lanes, IReadOnlyList<PixelPoint> directions, int index)
    {
        // Lane directions are unit vectors (SceneGeometry): their dot product is the cosine of the angle between them.
        var direction = directions[index];
        for (var j = 0; j < lanes.Length; j++)
        {
            if (lanes[j].Reported && (direction.X * directions[j].X) + (direction.Y * directions[j].Y) >= SameWayCosine)
            {
                return true;
            }
        }

        return false;
    }

    private struct LaneProgress
    {
        public bool Inside;
        public bool Reported;
        public float Furthest;
        public long FurthestSequence;
        public DateTimeOffset FurthestAt;

        /// <summary>The furthest the top of the box reached along the lane.</summary>
        public float FurthestTop;
    }
}
