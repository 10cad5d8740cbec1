using Vision.Domain.Violations;
using Vision.Pipeline.Scenes;

namespace Vision.Pipeline.Rules;

/// <summary>Animals on the road: a track of a configured animal class (cow, horse, sheep, dog) inside a Road zone for at least <see cref="SceneRuleSettings.AnimalMinDuration"/>; once per episode.</summary>
public sealed class AnimalOnRoadRule : ITrafficRule
{
    private readonly TrackStateTable<ZoneStay> _states = new(() => new ZoneStay());

    public string Name => "animal-on-road";

    public int TrackedStateCount => _states.Count;

    public void Evaluate(RuleFrame frame, List<RuleFinding> findings)
    {
        var minimum = frame.Scene.Document.Rules.AnimalMinDuration;
        foreach (var track in frame.Tracks)
        {
            if (!RuleFrame.IsSeen(track) || !frame.Classes.IsAnimal(track.ClassId))
            {
                continue;
            }

            var stay = _states.Get(track.TrackId);
            var zone = frame.ZoneIndexOf(RuleFrame.Anchor(track), SceneZoneKind.Road);
            if (stay.Observe(zone, frame.Sequence, frame.CapturedAt, minimum * ZoneStay.PlaceGap) is { } inside && inside >= minimum && !stay.Reported)
            {
                stay.Reported = true;
                findings.Add(new RuleFinding(ViolationKind.AnimalOnRoad, Name, track, stay.SinceSequence, stay.Since,
                    frame.Scene.Document.Zones[stay.ZoneIndex].Name,
                    [new Measurement("duration_on_road", inside.TotalSeconds, "s")]));
            }
        }

        _states.Sweep(frame.AliveTrackIds);
    }
}
