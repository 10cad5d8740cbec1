using Vision.Domain.Geometry;
using Vision.Domain.Violations;
using Vision.Pipeline.Scenes;

namespace Vision.Pipeline.Rules;

/// <summary>
/// Illegal parking and stopping: a vehicle stationary (its anchor stays within
/// <see cref="SceneRuleSettings.StationaryRadius"/>) inside a NoParking or NoStopping zone for longer than the zone's
/// MaxDwell. Moving off for <see cref="MoveConfirmation"/> ends the episode (the time spent moving does not count as
/// stationary); a lost frame, or a box that jumps while something passes in front and then comes back, does not. The
/// next episode starts where and when the vehicle came to rest, not when its move-off was confirmed; and only the time
/// stopped inside the zone counts (a car that waited beside it and crept a few pixels in has only just stopped there).
/// A vehicle is reported once a zone until it leaves that zone: a box displaced long enough to look like a move-off (a
/// vehicle standing in front for seconds) starts a new stop but not a second violation. A stopped vehicle the tracker
/// lost (hidden behind a bus for longer than it keeps a lost track) and found again where it stood, under another id
/// with the same class and a box of about the same size, within <see cref="HandOverWithin"/>, keeps its stop and what
/// was reported (a vehicle of that class and size that drove into the very spot meanwhile cannot be told from it):
/// otherwise buses passing a parked car every few minutes reset its clock for ever, and a reported car was reported
/// again after each.
/// </summary>
public sealed class DwellRule : ITrafficRule
{
    /// <summary>How long the anchor must stay away before the vehicle counts as having moved off.</summary>
    public static readonly TimeSpan MoveConfirmation = TimeSpan.FromSeconds(1);

    /// <summary>How long a lost stopped vehicle's stop waits for the vehicle to be found again where it stood.</summary>
    public static readonly TimeSpan HandOverWithin = TimeSpan.FromSeconds(60);

    // A box found again this alike (intersection over union) where a lost one stood is the same vehicle.
    private const float SameVehicleIou = 0.5f;

    private readonly TrackStateTable<Stillness> _states = new(() => new Stillness());
    private readonly List<Stillness> _lost = [];

    public string Name => "dwell";

    public int TrackedStateCount => _states.Count;

    public void Evaluate(RuleFrame frame, List<RuleFinding> findings)
    {
        var geometry = frame.Geometry;
        var zones = frame.Scene.Document.Zones;
        var radius = (float)(frame.Scene.Document.Rules.StationaryRadius * geometry.Height);
        _lost.RemoveAll(lost => frame.CapturedAt - lost.LastSeenAt > HandOverWithin);
        // Before the frame's tracks, so that a vehicle whose track ended in the very frame that names it anew (the
        // tracker restarted after a stall or a clock step) keeps its stop and what was reported.
        _states.Sweep(frame.AliveTrackIds, gone =>
        {
            // Only a vehicle that stood still inside a dwell zone is waited for.
            if (gone.Started && gone.MovedSince is null && gone.Zones?.Any(zone => zone.Inside) == true)
            {
                _lost.Add(gone);
            }
        });
        foreach (var track in frame.Tracks)
        {
            if (!frame.IsSeenVehicle(track))
            {
                continue;
            }

            var still = _states.Get(track.TrackId);
            var anchor = RuleFrame.Anchor(track);
            if (!still.Started)
            {
                if (FoundAgain(track.ClassId, track.Box, anchor, radius) is { } lost)
                {
                    _lost.Remove(lost);
                    still.TakeOver(lost);
                }
                else
                {
                    still.Start(anchor, frame.CapturedAt, frame.Sequence);
                }
            }
            else if (anchor.DistanceTo(still.Anchor) <= radius)
            {
                still.MovedSince = null;
            }
            else
            {
                // Away: follow where the anchor comes to rest, in case this is a move-off.
                if (still.MovedSince is null || anchor.DistanceTo(still.Resting) > radius)
                {
                    (still.Resting, still.RestingSince, still.RestingSinceSequence) = (anchor, frame.CapturedAt, frame.Sequence);
                }

                still.MovedSince ??= frame.CapturedAt;
                if (frame.CapturedAt - still.MovedSince >= MoveConfirmation)
                {
                    still.Start(still.Resting, still.RestingSince, still.RestingSinceSequence);
                }
            }

            (still.Box, still.ClassId, still.LastSeenAt) = (track.Box, track.ClassId, frame.CapturedAt);
            // While the anchor is away (not yet confirmed as moving off) the clock stops.
            var stoppedUntil = still.MovedSince ?? frame.CapturedAt;
            still.Zones ??= [.. Enumerable.Range(0, zones.Count).Select(_ => new ZoneStay())];
            for (var z = 0; z < still.Zones.Length; z++)
            {
                var zone = zones[z];
                if (zone.Kind is not (SceneZoneKind.NoParking or SceneZoneKind.NoStopping)
                    || still.Zones[z].Observe(geometry.Zones[z].Contains(anchor) ? z : -1, frame.Sequence, frame.CapturedAt, MoveConfirmation) is null)
                {
                    continue;
                }

                var entered = still.Zones[z];
                var (since, sinceSequence) = entered.Since > still.Since ? (entered.Since, entered.SinceSequence) : (still.Since, still.SinceSequence);
                var dwell = stoppedUntil - since;
                if (entered.Reported || dwell < zone.MaxDwell)
                {
                    continue;
                }

                entered.Reported = true;
                var kind = zone.Kind == SceneZoneKind.NoParking ? ViolationKind.IllegalParking : ViolationKind.IllegalStopping;
                findings.Add(new RuleFinding(kind, Name, track, sinceSequence, since, zone.Name,
                [
                    new Measurement("stationary_duration", dwell.TotalSeconds, "s"),
                    new Measurement("max_dwell", zone.MaxDwell!.Value.TotalSeconds, "s"),
                ]));
            }
        }

    }

    private Stillness? FoundAgain(int classId, BoundingBox box, PixelPoint anchor, float radius) =>
        _lost.Where(lost => lost.ClassId == classId && lost.Anchor.DistanceTo(anchor) <= radius && lost.Box.IntersectionOverUnion(box) >= SameVehicleIou)
            .MaxBy(lost => lost.LastSeenAt);

    private sealed class Stillness
    {
        public bool Started;
        public PixelPoint Anchor;
        public DateTimeOffset Since;
        public long SinceSequence;
        public DateTimeOffset? MovedSince;

        /// <summary>While away: where the anchor has stayed within the radius, and since when.</summary>
        public PixelPoint Resting;
        public DateTimeOffset RestingSince;
        public long RestingSinceSequence;

        /// <summary>Per zone of the scene (at most 64): since when the anchor is inside it.</summary>
        public ZoneStay[]? Zones;

        /// <summary>The box and class when last seen, and when.</summary>
        public BoundingBox Box;
        public int ClassId;
        public DateTimeOffset LastSeenAt;

        /// <summary>A lost vehicle's stop, found again under another id.</summary>
        public void TakeOver(Stillness lost)
        {
            Start(lost.Anchor, lost.Since, lost.SinceSequence);
            Zones = lost.Zones;
        }

        public void Start(PixelPoint anchor, DateTimeOffset since, long sinceSequence)
        {
            Started = true;
            Anchor = anchor;
            Since = since;
            SinceSequence = sinceSequence;
            MovedSince = null;
        }
    }
}
