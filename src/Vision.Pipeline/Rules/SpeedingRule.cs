using Vision.Pipeline.Scenes;
using Vision.Pipeline.Violations;

namespace Vision.Pipeline.Rules;

/// <summary>
/// Speeding: the anchor mapped onto the calibrated ground plane, speed = ground distance over the last
/// <see cref="SceneRuleSettings.SpeedWindow"/> (a window, not frame-to-frame, so box jitter averages out), reported
/// when above the class's limit plus the tolerance in <see cref="ConfirmingMeasurements"/> consecutive measurements.
/// Once per track.
/// </summary>
public sealed class SpeedingRule : ITrafficRule
{
    /// <summary>Consecutive over-limit measurements needed (a single spike is not speeding).</summary>
    public const int ConfirmingMeasurements = 3;

    private const int Capacity = 64;
    private readonly TrackStateTable<GroundTrail> _states = new(() => new GroundTrail());
    private readonly double[] _limitKmhByClass;
    private readonly GroundPlane _ground;

    public SpeedingRule(Scene scene, RuleClasses classes)
    {
        _ground = scene.GroundPlane ?? throw new ArgumentException("speeding needs a calibrated scene", nameof(scene));
        var limits = scene.Document.SpeedLimits.ToDictionary(l => l.Class, l => l.SpeedLimitKmh, StringComparer.OrdinalIgnoreCase);
        _limitKmhByClass = classes.Names.Names.Select(n => limits.GetValueOrDefault(n, double.NaN)).ToArray();
    }

    public string Name => "speeding";

    public int TrackedStateCount => _states.Count;

    public void Evaluate(RuleFrame frame, List<RuleFinding> findings)
    {
        var rules = frame.Scene.Document.Rules;
        var window = rules.SpeedWindow;
        foreach (var track in frame.Tracks)
        {
            if (!frame.IsSeenVehicle(track) || double.IsNaN(_limitKmhByClass[track.ClassId]))
            {
                continue;
            }

            var trail = _states.Get(track.TrackId);
            var anchor = frame.Geometry.Normalize(RuleFrame.Anchor(track));
            trail.Add(frame.Sequence, frame.CapturedAt, _ground.ToGround(anchor.X, anchor.Y));
            if (trail.Reported || !trail.TryWindow(frame.CapturedAt - window, out var first, out var last))
            {
                continue;
            }

            var seconds = (last.At - first.At).TotalSeconds;
            if (seconds < 0.8 * window.TotalSeconds)
            {
                continue;
            }

            var speedKmh = first.Ground.DistanceMetres(last.Ground) / seconds * 3.6;
            var limit = _limitKmhByClass[track.ClassId];
            trail.OverLimitRun = speedKmh > limit + rules.SpeedToleranceKmh ? trail.OverLimitRun + 1 : 0;
            if (trail.OverLimitRun >= ConfirmingMeasurements)
            {
                trail.Reported = true;
                findings.Add(new RuleFinding(ViolationKind.Speeding, Name, track, first.Sequence, first.At, null,
                    [
                        new Measurement("speed", speedKmh, "km/h"),
                        new Measurement("speed_limit", limit, "km/h"),
                        new Measurement("tolerance", rules.SpeedToleranceKmh, "km/h"),
                        new Measurement("measured_over", seconds, "s"),
                        new Measurement("ground_distance", first.Ground.DistanceMetres(last.Ground), "m"),
                    ])
                // The fine band follows what is proven: the excess beyond the measurement tolerance.
                { SpeedExcessKmh = speedKmh - limit - rules.SpeedToleranceKmh });
            }
        }

        _states.Sweep(frame.AliveTrackIds);
    }

    private readonly record struct Sample(long Sequence, DateTimeOffset At, GroundPoint Ground);

    private sealed class GroundTrail
    {
        private readonly Sample[] _samples = new Sample[Capacity];
        private int _count;
        private int _next;

        public bool Reported;
        public int OverLimitRun;

        public void Add(long sequence, DateTimeOffset at, GroundPoint ground)
        {
            _samples[_next] = new Sample(sequence, at, ground);
            _next = (_next + 1) % Capacity;
            _count = Math.Min(_count + 1, Capacity);
        }

        /// <summary>The oldest sample not before <paramref name="from"/> and the newest.</summary>
        public bool TryWindow(DateTimeOffset from, out Sample first, out Sample last)
        {
            last = _samples[(_next - 1 + Capacity) % Capacity];
            first = last;
            for (var k = 1; k < _count; k++)
            {
                var sample = _samples[(_next - 1 - k + 2 * Capacity) % Capacity];
                if (sample.At < from)
                {
                    break;
                }

                first = sample;
            }

            return _count >= 2;
        }
    }
}
