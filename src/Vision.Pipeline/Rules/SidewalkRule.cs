using Vision.Domain.Violations;
using Vision.Pipeline.Scenes;

namespace Vision.Pipeline.Rules;

/// <summary>Riding or parking on the sidewalk: a vehicle's anchor inside a Sidewalk zone for at least <see cref="SceneRuleSettings.SidewalkMinDuration"/>; once per episode.</summary>
public sealed class SidewalkRule : ITrafficRule
{
    private readonly TrackStateTable<ZoneStay> _states = new(() => new ZoneStay());

    public string Name => "sidewalk";

    public int TrackedStateCount => _states.Count;

    public void Evaluate(RuleFrame frame, List<RuleFinding> findings)
    {
        var minimum = frame.Scene.Document.Rules.SidewalkMinDuration;
        foreach (var track in frame.Tracks)
        {
            if (!frame.IsSeenVehicle(track))
            {
                continue;
            }

            var stay = _states.Get(track.TrackId);
            var zone = frame.ZoneIndexOf(RuleFrame.Anchor(track), SceneZoneKind.Sidewalk);
            if (stay.Observe(zone, frame.Sequence, frame.CapturedAt, minimum * ZoneStay.PlaceGap) is { } inside && inside >= minimum && !stay.Reported)
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
}
