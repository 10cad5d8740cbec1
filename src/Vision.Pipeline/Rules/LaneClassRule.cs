using Vision.Domain.Violations;
using Vision.Pipeline.Scenes;

namespace Vision.Pipeline.Rules;

/// <summary>Using a lane not allowed for the class: a vehicle inside a lane whose AllowedClasses exclude it for at least <see cref="SceneRuleSettings.LaneMinDuration"/>; once per episode.</summary>
public sealed class LaneClassRule : ITrafficRule
{
    private readonly TrackStateTable<ZoneStay> _states = new(() => new ZoneStay());
    private readonly bool[][] _allowed;

    public LaneClassRule(Scene scene, RuleClasses classes)
    {
        _allowed = scene.Document.Lanes.Select(lane =>
        {
            var allowed = lane.AllowedClasses.ToHashSet(StringComparer.OrdinalIgnoreCase);
            return classes.Names.Names.Select(n => allowed.Count == 0 || allowed.Contains(n)).ToArray();
        }).ToArray();
    }

    public string Name => "lane-class";

    public int TrackedStateCount => _states.Count;

    public void Evaluate(RuleFrame frame, List<RuleFinding> findings)
    {
        var minimum = frame.Scene.Document.Rules.LaneMinDuration;
        foreach (var track in frame.Tracks)
        {
            if (!frame.IsSeenVehicle(track))
            {
                continue;
            }

            var anchor = RuleFrame.Anchor(track);
            var forbidden = -1;
            for (var i = 0; i < _allowed.Length && forbidden < 0; i++)
            {
                if (!_allowed[i][track.ClassId] && frame.Geometry.Lanes[i].Contains(anchor))
                {
                    forbidden = i;
                }
            }

            var stay = _states.Get(track.TrackId);
            if (stay.Observe(forbidden, frame.Sequence, frame.CapturedAt, minimum * ZoneStay.PlaceGap) is { } inside && inside >= minimum && !stay.Reported)
            {
                stay.Reported = true;
                var lane = frame.Scene.Document.Lanes[stay.ZoneIndex];
                findings.Add(new RuleFinding(ViolationKind.LaneNotAllowed, Name, track, stay.SinceSequence, stay.Since, lane.Name,
                    [new Measurement("duration_in_lane", inside.TotalSeconds, "s")]));
            }
        }

        _states.Sweep(frame.AliveTrackIds);
    }
}
