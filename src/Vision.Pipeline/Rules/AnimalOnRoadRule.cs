using Vision.Pipeline.Scenes;
using Vision.Pipeline.Tracking;
using Vision.Pipeline.Violations;

namespace Vision.Pipeline.Rules;

/// <summary>
/// Animals on the road: a track of a configured animal class (cow, horse, sheep, dog) inside a Road zone for at least
/// <see cref="SceneRuleSettings.AnimalMinDuration"/>; once per episode. Where the scene runs the LooseCattle case, an
/// animal on the road together with at least <see cref="SceneRuleSettings.HerdMinAnimals"/> − 1 others is left to it:
/// the herd is one case (one owner, one visit), not one per animal.
/// </summary>
public sealed class AnimalOnRoadRule : ITrafficRule
{
    private readonly TrackStateTable<ZoneStay> _states = new(() => new ZoneStay());

    public string Name => "animal-on-road";

    public int TrackedStateCount => _states.Count;

    public void Evaluate(RuleFrame frame, List<RuleFinding> findings)
    {
        var minimum = frame.Scene.Document.Rules.AnimalMinDuration;
        var herdOnRoad = frame.Scene.Enables(ViolationKind.LooseCattle) && AnimalsOnRoad(frame) >= frame.Scene.Document.Rules.HerdMinAnimals;
        foreach (var track in frame.Tracks)
        {
            if (track.State != TrackState.Tracked || !frame.Classes.IsAnimal(track.ClassId))
            {
                continue;
            }

            var stay = _states.Get(track.TrackId);
            var zone = frame.ZoneIndexOf(RuleFrame.Anchor(track), SceneZoneKind.Road);
            var inside = stay.Observe(zone, frame.Sequence, frame.CapturedAt, minimum);
            if (inside is not null && herdOnRoad)
            {
                // Part of a herd during this stay: the herd's LooseCattle case covers it, now and after the others leave.
                stay.Reported = true;
            }
            else if (inside >= minimum && !stay.Reported)
            {
                stay.Reported = true;
                findings.Add(new RuleFinding(ViolationKind.AnimalOnRoad, Name, track, stay.SinceSequence, stay.Since,
                    frame.Scene.Document.Zones[stay.ZoneIndex].Name,
                    [new Measurement("duration_on_road", inside!.Value.TotalSeconds, "s")]));
            }
        }

        _states.Sweep(frame.AliveTrackIds);
    }

    private static int AnimalsOnRoad(RuleFrame frame)
    {
        var count = 0;
        foreach (var track in frame.Tracks)
        {
            if (track.State == TrackState.Tracked && frame.Classes.IsAnimal(track.ClassId) && frame.ZoneIndexOf(RuleFrame.Anchor(track), SceneZoneKind.Road) >= 0)
            {
                count++;
            }
        }

        return count;
    }
}
