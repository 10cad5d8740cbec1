using Vision.Domain.Violations;
using Vision.Pipeline.Scenes;

namespace Vision.Pipeline.Rules;

/// <summary>
/// A motorbike carrying more than two people: the riders the road-user association joined with the motorbike
/// (<see cref="RoadUsers.RiderAssociation"/>, carried on the track), more than two of them for at least
/// <see cref="SceneRuleSettings.OverloadMinDuration"/> counted from the first frame they were seen, and seen so in at
/// least <see cref="MinimumOverloadedFrames"/> frames. Frames where the detector missed a rider do not end the episode
/// (on real footage the third person is found in about a third of the frames, up to 0.7 s apart); a gap as long as
/// the minimum does. Once per motorbike: the people on it do not change as it passes, so a rider missed for longer
/// (behind a bus) starts no second violation.
/// </summary>
public sealed class MotorbikeOverloadRule : ITrafficRule
{
    private const int Overloaded = 0;

    /// <summary>Two frames with a third person box a second apart (a pedestrian passing behind, twice) are no episode.</summary>
    public const int MinimumOverloadedFrames = 3;
    private readonly TrackStateTable<Overload> _states = new(() => new Overload());

    public string Name => "motorbike-overload";

    public int TrackedStateCount => _states.Count;

    public void Evaluate(RuleFrame frame, List<RuleFinding> findings)
    {
        var minimum = frame.Scene.Document.Rules.OverloadMinDuration;
        foreach (var bike in frame.Tracks)
        {
            if (!RuleFrame.IsSeen(bike) || bike.ClassId != frame.Classes.MotorbikeClassId)
            {
                continue;
            }

            var overload = _states.Get(bike.TrackId);
            var sustained = overload.Stay.Observe(bike.Riders > 2 ? Overloaded : -1, frame.Sequence, frame.CapturedAt, minimum);
            overload.Count(bike.Riders);
            if (sustained >= minimum && overload.OverloadedFrames >= MinimumOverloadedFrames && !overload.Reported)
            {
                overload.Reported = true;
                findings.Add(new RuleFinding(ViolationKind.MotorbikeOverloaded, Name, bike, overload.Stay.SinceSequence, overload.Stay.Since, null,
                    [
                        new Measurement("people_on_motorbike", overload.UsualRiders, "people"),
                        new Measurement("sustained_for", sustained!.Value.TotalSeconds, "s"),
                    ])
                { PeopleOnVehicle = overload.UsualRiders });
            }
        }

        _states.Sweep(frame.AliveTrackIds);
    }

    private sealed class Overload
    {
        private readonly int[] _framesWithRiders = new int[8];

        public ZoneStay Stay { get; } = new();

        public bool Reported { get; set; }

        /// <summary>The rider count seen in most frames of the episode (a stray extra person box does not count).</summary>
        public int UsualRiders
        {
            get
            {
                var usual = 3;
                for (var riders = 4; riders < _framesWithRiders.Length; riders++)
                {
                    usual = _framesWithRiders[riders] > _framesWithRiders[usual] ? riders : usual;
                }

                return usual;
            }
        }

        /// <summary>The frames of the episode that showed more than two people.</summary>
        public int OverloadedFrames => _framesWithRiders.Sum();

        public void Count(int riders)
        {
            if (!Stay.Inside)
            {
                Array.Clear(_framesWithRiders);
            }
            else if (riders > 2)
            {
                _framesWithRiders[Math.Min(riders, _framesWithRiders.Length - 1)]++;
            }
        }
    }
}
