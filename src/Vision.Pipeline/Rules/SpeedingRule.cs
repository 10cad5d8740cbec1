using Vision.Domain.Violations;
using Vision.Pipeline.Scenes;

namespace Vision.Pipeline.Rules;

/// <summary>
/// Speeding: the anchor mapped onto the calibrated ground plane, speed from a robust straight-line fit (Theil–Sen:
/// the median of the pairwise slopes, so a few jumping boxes do not move it) of the ground positions over the last
/// <see cref="SceneRuleSettings.SpeedWindow"/>, measured as soon as the positions span <see cref="MinimumSpan"/>,
/// so a car crossing a 27 m zone in 1.5 s is measured. Reported when the speed proven beyond the measurement
/// tolerance exceeds the class's limit by at least <see cref="MinimumFineableExcessKmh"/> (Decree 168 fines from
/// 5 km/h over) in <see cref="ConfirmingMeasurements"/> consecutive measurements; the fine band follows that proven
/// excess. Motor vehicles only (<see cref="Legal.LegalCoverage.HasSpeedLimit"/>). Once per track.
/// </summary>
public sealed class SpeedingRule : ITrafficRule
{
    /// <summary>Consecutive over-limit measurements needed (a single spike is not speeding).</summary>
    public const int ConfirmingMeasurements = 3;

    /// <summary>The smallest excess over the limit Decree 168/2024 fines (its lowest speeding band).</summary>
    public const double MinimumFineableExcessKmh = 5;

    /// <summary>The least time the fitted positions must span.</summary>
    public static readonly TimeSpan MinimumSpan = SceneRuleSettings.MinimumSpeedSpan;

    /// <summary>The fewest positions a fit uses.</summary>
    public const int MinimumSamples = 4;

    private const int Capacity = 64;
    private const int MaxFitted = 32;
    private readonly TrackStateTable<GroundTrail> _states = new(() => new GroundTrail());
    private readonly double[] _limitKmhByClass;
    private readonly GroundPlane _ground;

    public SpeedingRule(Scene scene, RuleClasses classes)
    {
        _ground = scene.GroundPlane ?? throw new ArgumentException("speeding needs a calibrated scene", nameof(scene));
        var limits = scene.Document.SpeedLimits.ToDictionary(l => l.Class, l => l.SpeedLimitKmh, StringComparer.OrdinalIgnoreCase);
        _limitKmhByClass = classes.Names.Names
            .Select((name, id) => classes.IsVehicle(id) && Legal.LegalCoverage.HasSpeedLimit(classes.VehicleTypeOf(id)) ? limits.GetValueOrDefault(name, double.NaN) : double.NaN)
            .ToArray();
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
            // At most MaxFitted positions a window: a 200 fps camera's newest 64 frames spanned under the 0.5 s a speed
            // needs, and a frame not kept is not measured again on the same positions.
            if (!trail.TryAdd(frame.Sequence, frame.CapturedAt, _ground.ToGround(anchor.X, anchor.Y), window / MaxFitted)
                || trail.Reported || !trail.TryFit(frame.CapturedAt - window, out var fit))
            {
                continue;
            }

            var limit = _limitKmhByClass[track.ClassId];
            var provenExcess = fit.SpeedKmh - rules.SpeedToleranceKmh - limit;
            trail.OverLimitRun = provenExcess >= MinimumFineableExcessKmh ? trail.OverLimitRun + 1 : 0;
            if (trail.OverLimitRun >= ConfirmingMeasurements)
            {
                trail.Reported = true;
                findings.Add(new RuleFinding(ViolationKind.Speeding, Name, track, fit.FirstSequence, fit.FirstAt, null,
                    [
                        new Measurement("speed", fit.SpeedKmh, "km/h"),
                        new Measurement("speed_limit", limit, "km/h"),
                        new Measurement("tolerance", rules.SpeedToleranceKmh, "km/h"),
                        new Measurement("measured_over", fit.Seconds, "s"),
                        new Measurement("ground_distance", fit.SpeedKmh / 3.6 * fit.Seconds, "m"),
                        new Measurement("positions_fitted", fit.Samples, "positions"),
                    ])
                // The fine band follows what is proven: the excess beyond the measurement tolerance.
                { SpeedExcessKmh = provenExcess });
            }
        }

        _states.Sweep(frame.AliveTrackIds);
    }

    private readonly record struct Sample(long Sequence, DateTimeOffset At, GroundPoint Ground);

    private readonly record struct SpeedFit(double SpeedKmh, double Seconds, int Samples, long FirstSequence, DateTimeOffset FirstAt);

    private sealed class GroundTrail
    {
        private readonly Sample[] _samples = new Sample[Capacity];
        private int _count;
        private int _next;

        public bool Reported;
        public int OverLimitRun;

        /// <summary>Keeps the position unless the newest kept one is less than <paramref name="spacing"/> older.</summary>
        public bool TryAdd(long sequence, DateTimeOffset at, GroundPoint ground, TimeSpan spacing)
        {
            if (_count > 0 && at - SampleAgo(0).At < spacing)
            {
                return false;
            }

            _samples[_next] = new Sample(sequence, at, ground);
            _next = (_next + 1) % Capacity;
            _count = Math.Min(_count + 1, Capacity);
            return true;
        }

        /// <summary>
        /// Theil–Sen velocity over the samples since <paramref name="from"/>: on a slow feed (fewer than
        /// <see cref="MinimumSamples"/> frames a window) the newest <see cref="MinimumSamples"/> if they span at most three
        /// windows, and at most the newest <see cref="MaxFitted"/>: on a fast one <see cref="TryAdd"/>'s spacing keeps
        /// them spread over the window. Either way a 2 fps gateway and a 100 fps camera are measured too.
        /// </summary>
        public bool TryFit(DateTimeOffset from, out SpeedFit fit)
        {
            fit = default;
            if (_count == 0)
            {
                return false;
            }

            var earliest = from - 2 * (SampleAgo(0).At - from);
            var available = 0;
            while (available < _count && (SampleAgo(available).At >= from || (available < MinimumSamples && SampleAgo(available).At >= earliest)))
            {
                available++;
            }

            var n = Math.Min(available, MaxFitted);
            if (n < MinimumSamples)
            {
                return false;
            }

            var newest = SampleAgo(0);
            var oldest = SampleAgo(n - 1);
            var seconds = (newest.At - oldest.At).TotalSeconds;
            if (seconds < MinimumSpan.TotalSeconds)
            {
                return false;
            }

            Span<double> slopesX = stackalloc double[MaxFitted * (MaxFitted - 1) / 2];
            Span<double> slopesY = stackalloc double[MaxFitted * (MaxFitted - 1) / 2];
            var pairs = 0;
            for (var i = 0; i < n; i++)
            {
                var a = SampleAgo(i);
                for (var j = i + 1; j < n; j++)
                {
                    var b = SampleAgo(j);
                    var dt = (a.At - b.At).TotalSeconds;
                    if (dt <= 0)
                    {
                        continue;
                    }

                    slopesX[pairs] = (a.Ground.XMetres - b.Ground.XMetres) / dt;
                    slopesY[pairs] = (a.Ground.YMetres - b.Ground.YMetres) / dt;
                    pairs++;
                }
            }

            if (pairs == 0)
            {
                return false;
            }

            var metresPerSecond = Math.Sqrt(Math.Pow(Median(slopesX[..pairs]), 2) + Math.Pow(Median(slopesY[..pairs]), 2));
            fit = new SpeedFit(metresPerSecond * 3.6, seconds, n, oldest.Sequence, oldest.At);
            return true;
        }

        private Sample SampleAgo(int k) => _samples[(_next - 1 - k + 2 * Capacity) % Capacity];

        private static double Median(Span<double> values)
        {
            values.Sort();
            var middle = values.Length / 2;
            return values.Length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
        }
    }
}
