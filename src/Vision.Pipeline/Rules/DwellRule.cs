using Vision.Domain.Geometry;
using Vision.Domain.Violations;
using Vision.Pipeline.Scenes;

namespace Vision.Pipeline.Rules;

/// <summary>
/// Illegal parking and stopping: a vehicle stationary (its anchor stays within
/// <see cref="SceneRuleSettings.StationaryRadius"/>) inside a NoParking or NoStopping zone for longer than the zone's
/// MaxDwell. Moving off for <see cref="MoveConfirmation"/> ends the episode (the time spent moving does not count as
/// stationary); a lost frame, or a box that jumps while something passes in front and then comes back, does not.
/// </summary>
public sealed class DwellRule : ITrafficRule
{
    /// <summary>How long the anchor must stay away before the vehicle counts as having moved off.</summary>
    public static readonly TimeSpan MoveConfirmation = TimeSpan.FromSeconds(1);

    private readonly TrackStateTable<Stillness> _states = new(() => new Stillness());

    public string Name => "dwell";

    public int TrackedStateCount => _states.Count;

    public void Evaluate(RuleFrame frame, List<RuleFinding> findings)
    {
        var geometry = frame.Geometry;
        var zones = frame.Scene.Document.Zones;
        var radius = (float)(frame.Scene.Document.Rules.StationaryRadius * geometry.Height);
        foreach (var track in frame.Tracks)
        {
            if (!frame.IsSeenVehicle(track))
            {
                continue;
            }

            var still = _states.Get(track.TrackId);
            var anchor = RuleFrame.Anchor(track);
            if (anchor.DistanceTo(still.Anchor) <= radius)
            {
                still.MovedSince = null;
            }
            else if (still.Started)
            {
                still.MovedSince ??= frame.CapturedAt;
            }

            if (!still.Started || frame.CapturedAt - still.MovedSince >= MoveConfirmation)
            {
                still.Started = true;
                still.Anchor = anchor;
                still.Since = frame.CapturedAt;
                still.SinceSequence = frame.Sequence;
                still.ReportedZones = 0;
                still.MovedSince = null;
            }

            // While the anchor is away (not yet confirmed as moving off) the clock stops.
            var dwell = (still.MovedSince ?? frame.CapturedAt) - still.Since;
            for (var z = 0; z < zones.Count && z < 64; z++)
            {
                var zone = zones[z];
                if (zone.Kind is not (SceneZoneKind.NoParking or SceneZoneKind.NoStopping)
                    || (still.ReportedZones & (1UL << z)) != 0
                    || dwell < zone.MaxDwell
                    || !geometry.Zones[z].Contains(anchor))
                {
                    continue;
                }

                still.ReportedZones |= 1UL << z;
                var kind = zone.Kind == SceneZoneKind.NoParking ? ViolationKind.IllegalParking : ViolationKind.IllegalStopping;
                findings.Add(new RuleFinding(kind, Name, track, still.SinceSequence, still.Since, zone.Name,
                [
                    new Measurement("stationary_duration", dwell.TotalSeconds, "s"),
                    new Measurement("max_dwell", zone.MaxDwell!.Value.TotalSeconds, "s"),
                ]));
            }
        }

        _states.Sweep(frame.AliveTrackIds);
    }

    private sealed class Stillness
    {
        public bool Started;
        public PixelPoint Anchor;
        public DateTimeOffset Since;
        public long SinceSequence;
        public ulong ReportedZones;
        public DateTimeOffset? MovedSince;
    }
}
