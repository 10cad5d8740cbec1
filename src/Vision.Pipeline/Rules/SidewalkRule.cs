using Vision.Domain.Geometry;
using Vision.Domain.Violations;
using Vision.Pipeline.Scenes;

namespace Vision.Pipeline.Rules;

/// <summary>
/// Riding on the sidewalk (Decree 168, 7.7.a): a vehicle's anchor inside a Sidewalk zone for at least
/// <see cref="SceneRuleSettings.SidewalkMinDuration"/> that moved along it, at least <see cref="MinTravelRadii"/> ×
/// <see cref="SceneRuleSettings.StationaryRadius"/> from where it came on; once per episode. A vehicle standing there
/// is parked, not ridden (a ten times smaller fine, and the street-order and dwell rules' business): a parked motorbike
/// was charged with riding, again at every new track id.
/// </summary>
public sealed class SidewalkRule : ITrafficRule
{
    /// <summary>How far along the sidewalk, in stationary radii, a vehicle must move to be riding there.</summary>
    public const float MinTravelRadii = 3;

    private readonly TrackStateTable<Ride> _states = new(() => new Ride());

    public string Name => "sidewalk";

    public int TrackedStateCount => _states.Count;

    public void Evaluate(RuleFrame frame, List<RuleFinding> findings)
    {
        var minimum = frame.Scene.Document.Rules.SidewalkMinDuration;
        var minTravel = (float)(MinTravelRadii * frame.Scene.Document.Rules.StationaryRadius * frame.Geometry.Height);
        foreach (var track in frame.Tracks)
        {
            if (!frame.IsSeenVehicle(track))
            {
                continue;
            }

            var ride = _states.Get(track.TrackId);
            var stay = ride.Stay;
            var anchor = RuleFrame.Anchor(track);
            if (stay.Observe(frame.ZoneIndexOf(anchor, SceneZoneKind.Sidewalk), frame.Sequence, frame.CapturedAt, minimum * ZoneStay.PlaceGap) is not { } inside)
            {
                continue;
            }

            if (ride.EnteredSequence != stay.SinceSequence)
            {
                (ride.EnteredSequence, ride.EnteredAt, ride.Travel) = (stay.SinceSequence, anchor, 0);
            }

            ride.Travel = MathF.Max(ride.Travel, anchor.DistanceTo(ride.EnteredAt));
            if (inside >= minimum && ride.Travel >= minTravel && !stay.Reported)
            {
                stay.Reported = true;
                var speedPixelsPerSecond = MathF.Sqrt(track.VelocityX * track.VelocityX + track.VelocityY * track.VelocityY);
                findings.Add(new RuleFinding(ViolationKind.Sidewalk, Name, track, stay.SinceSequence, stay.Since,
                    frame.Scene.Document.Zones[stay.ZoneIndex].Name,
                    [
                        new Measurement("duration_on_sidewalk", inside.TotalSeconds, "s"),
                        new Measurement("image_speed", speedPixelsPerSecond, "px/s"),
                    ]));
            }
        }

        _states.Sweep(frame.AliveTrackIds);
    }

    /// <summary>A track's stay on the sidewalk, where it came on, and how far from there it has been.</summary>
    private sealed class Ride
    {
        public ZoneStay Stay { get; } = new();

        public long EnteredSequence { get; set; } = -1;

        public PixelPoint EnteredAt { get; set; }

        public float Travel { get; set; }
    }
}
