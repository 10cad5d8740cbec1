using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Scenes;
using Vision.Pipeline.Tracking;
using Vision.Pipeline.Violations;

namespace Vision.Pipeline.Rules;

/// <summary>
/// A motorbike carrying more than two people: person tracks bound to one motorbike track (the person's box centre
/// lies above the motorbike's width, its feet within the motorbike's height, and at least
/// <see cref="MinOverlapOfPerson"/> of it overlaps the motorbike), more than two of them for at least
/// <see cref="SceneRuleSettings.OverloadMinDuration"/>. Once per motorbike track.
/// </summary>
public sealed class MotorbikeOverloadRule : ITrafficRule
{
    public const float MinOverlapOfPerson = 0.2f;

    private readonly TrackStateTable<Overload> _states = new(() => new Overload());
    private readonly List<long> _riders = [];

    public string Name => "motorbike-overload";

    public int TrackedStateCount => _states.Count;

    public void Evaluate(RuleFrame frame, List<RuleFinding> findings)
    {
        var classes = frame.Classes;
        foreach (var bike in frame.Tracks)
        {
            if (bike.State != TrackState.Tracked || bike.ClassId != classes.MotorbikeClassId)
            {
                continue;
            }

            _riders.Clear();
            foreach (var person in frame.Tracks)
            {
                if (person.ClassId == classes.PersonClassId && person.State == TrackState.Tracked && IsRiding(person.Box, bike.Box))
                {
                    _riders.Add(person.TrackId);
                }
            }

            var overload = _states.Get(bike.TrackId);
            if (_riders.Count <= 2)
            {
                overload.Since = null;
                continue;
            }

            if (overload.Since is null)
            {
                overload.Since = frame.CapturedAt;
                overload.SinceSequence = frame.Sequence;
            }

            var sustained = frame.CapturedAt - overload.Since.Value;
            if (!overload.Reported && sustained >= frame.Scene.Document.Rules.OverloadMinDuration)
            {
                overload.Reported = true;
                findings.Add(new RuleFinding(ViolationKind.MotorbikeOverloaded, Name, bike, overload.SinceSequence, overload.Since.Value, null,
                    [
                        new Measurement("people_on_motorbike", _riders.Count, "people"),
                        new Measurement("sustained_for", sustained.TotalSeconds, "s"),
                    ])
                { RelatedTrackIds = _riders.Order().ToArray() });
            }
        }

        _states.Sweep(frame.AliveTrackIds);
    }

    /// <summary>Whether a person's box sits on a motorbike's box.</summary>
    public static bool IsRiding(BoundingBox person, BoundingBox bike)
    {
        if (person.CenterX < bike.Left || person.CenterX > bike.Right || person.Bottom < bike.Top || person.Bottom > bike.Bottom + 0.1f * bike.Height)
        {
            return false;
        }

        var overlapWidth = MathF.Min(person.Right, bike.Right) - MathF.Max(person.Left, bike.Left);
        var overlapHeight = MathF.Min(person.Bottom, bike.Bottom) - MathF.Max(person.Top, bike.Top);
        return overlapWidth > 0 && overlapHeight > 0 && overlapWidth * overlapHeight >= MinOverlapOfPerson * person.Area;
    }

    private sealed class Overload
    {
        public DateTimeOffset? Since;
        public long SinceSequence;
        public bool Reported;
    }
}
