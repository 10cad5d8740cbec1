using Vision.Domain.Inference;
using Vision.Domain.Plates;
using Vision.Domain.Violations;
using Vision.Pipeline.Inference;
using Vision.Pipeline.Plates;
using Vision.Pipeline.Rules.Legal;
using Vision.Pipeline.Scenes;
using Vision.Pipeline.Tracking;
using Vision.Pipeline.TrafficLights;

namespace Vision.Pipeline.Rules;

/// <summary>
/// One camera's rules over its scene: runs every rule the scene enables and has geometry for on each frame's tracks,
/// and completes each finding into a <see cref="ViolationCandidate"/> (key frames, path, light timeline, legal
/// reference, provenance, models, plate). Pure: no pixels and no clock, so a replay gives the same violations.
/// Rules see tentative tracks as well, so every duration counts from the first frame the object met the condition;
/// a finding on a tentative track is held until the tracker confirms it, and dropped with it if it never is.
/// </summary>
/// <remarks>
/// Key frames: <c>Before</c> is the newest kept frame of the track at least <see cref="KeyFrameSpan"/> before the
/// episode began (else the oldest kept); <c>At</c> is the frame the violation was decided; <c>After</c> is the frame
/// expected <see cref="KeyFrameSpan"/> later at the camera's frame rate (sequence + round(fps × span)).
/// </remarks>
public sealed class RuleEngine
{
    public static readonly TimeSpan KeyFrameSpan = TimeSpan.FromSeconds(1);

    private readonly string _cameraId;
    private readonly Scene _scene;
    private readonly LegalTable _legal;
    private readonly RuleFrame _frame;
    private readonly TrackStateTable<TrackPath> _paths = new(() => new TrackPath());
    private readonly List<RuleFinding> _findings = [];
    private readonly List<RuleFinding> _held = [];
    private readonly List<RuleFinding> _released = [];
    private readonly int _framesAfter;

    public RuleEngine(string cameraId, Scene scene, RuleClasses classes, LegalTable legal, TrafficLightBoard lights, double framesPerSecond)
    {
        _cameraId = cameraId;
        _scene = scene;
        _legal = legal;
        _frame = new RuleFrame(scene, classes, lights, TimeSpan.FromSeconds(1 / framesPerSecond));
        _framesAfter = Math.Max(1, (int)Math.Round(framesPerSecond * KeyFrameSpan.TotalSeconds));
        Rules = CreateRules(scene, classes);
    }

    public IReadOnlyList<ITrafficRule> Rules { get; }

    public TrafficLightBoard Lights => _frame.Lights;

    public Scene Scene => _scene;

    /// <summary>Per-track state held by the engine and its rules (bounded by the tracks alive).</summary>
    public int TrackedStateCount => _paths.Count + _held.Count + Rules.Sum(r => r.TrackedStateCount);

    public IReadOnlyList<ViolationCandidate> Evaluate(
        long sequence, DateTimeOffset capturedAt, int width, int height, IReadOnlyList<TrackSnapshot> tracks,
        ModelIdentity? model, IReadOnlyList<TrackPlate> plates)
    {
        _frame.Advance(sequence, capturedAt, width, height, tracks);
        foreach (var track in tracks)
        {
            if (RuleFrame.IsSeen(track))
            {
                _paths.Get(track.TrackId).Add(new TrackPoint(sequence, capturedAt, track.Box));
            }
        }

        _paths.Sweep(_frame.AliveTrackIds);
        _findings.Clear();
        foreach (var rule in Rules)
        {
            rule.Evaluate(_frame, _findings);
        }

        ReleaseConfirmed(tracks);
        if (_released.Count == 0)
        {
            return [];
        }

        var candidates = new List<ViolationCandidate>(_released.Count);
        foreach (var finding in _released)
        {
            if (_scene.Enables(finding.Kind))
            {
                candidates.Add(Complete(finding, model, plates));
            }
        }

        return candidates;
    }

    // Findings held on tentative tracks come first (they are older), completed with the track as confirmed now.
    private void ReleaseConfirmed(IReadOnlyList<TrackSnapshot> tracks)
    {
        _released.Clear();
        if (_held.Count == 0 && _findings.Count == 0)
        {
            return;
        }

        _held.AddRange(_findings);
        var kept = 0;
        for (var i = 0; i < _held.Count; i++)
        {
            var finding = _held[i];
            var current = FindTrack(tracks, finding.Track.TrackId);
            if (current is not { } track)
            {
                continue;
            }

            if (track.State == TrackState.Tentative)
            {
                _held[kept++] = finding;
            }
            else
            {
                _released.Add(finding with { Track = track });
            }
        }

        _held.RemoveRange(kept, _held.Count - kept);
    }

    private static TrackSnapshot? FindTrack(IReadOnlyList<TrackSnapshot> tracks, long trackId)
    {
        foreach (var track in tracks)
        {
            if (track.TrackId == trackId)
            {
                return track;
            }
        }

        return null;
    }

    private ViolationCandidate Complete(RuleFinding finding, ModelIdentity? model, IReadOnlyList<TrackPlate> plates)
    {
        var track = finding.Track;
        var path = _paths.Get(track.TrackId).ToArray();
        var before = path.Length == 0 ? new TrackPoint(_frame.Sequence, _frame.CapturedAt, track.Box) : path[0];
        foreach (var point in path)
        {
            if (point.CapturedAt <= finding.EpisodeStart - KeyFrameSpan)
            {
                before = point;
            }
        }

        var className = _frame.Classes.NameOf(track.ClassId);
        var plate = plates.FirstOrDefault(p => p.TrackId == track.TrackId);
        var vehicleType = finding.Kind == ViolationKind.AnimalOnRoad ? VehicleType.Other : VehicleTypes.Of(className);
        var timeline = finding.LightIds.SelectMany(_frame.Lights.TimelineOf).OrderBy(c => c.Sequence).ToArray();
        return new ViolationCandidate(
            ViolationCandidate.CreateId(_cameraId, finding.Kind, track.TrackId, track.FirstSeen, finding.EpisodeStartSequence, finding.ZoneName),
            _cameraId,
            finding.Kind,
            track.TrackId,
            className,
            _frame.Sequence,
            _frame.CapturedAt,
            track.Box,
            [
                new KeyFrame(before.Sequence, before.CapturedAt, KeyFrameRole.Before),
                new KeyFrame(_frame.Sequence, _frame.CapturedAt, KeyFrameRole.At),
                new KeyFrame(_frame.Sequence + _framesAfter, _frame.CapturedAt + KeyFrameSpan, KeyFrameRole.After),
            ],
            path,
            finding.Measurements,
            timeline,
            finding.ZoneName,
            _legal.Find(finding.Kind, vehicleType, finding.SpeedExcessKmh, finding.PeopleOnVehicle),
            new RuleProvenance(_scene.Id, _scene.Version, _scene.Sha256, finding.RuleName),
            // Every model the violation rests on: the detector, and what found and read the plate it names.
            [.. (model is null ? [] : new[] { model }).Concat(plate?.Models ?? []).Distinct()])
        {
            RelatedTrackIds = finding.RelatedTrackIds,
            Plate = plate,
        };
    }

    private static List<ITrafficRule> CreateRules(Scene scene, RuleClasses classes)
    {
        var document = scene.Document;
        var rules = new List<ITrafficRule>();
        if (document.StopLines.Count > 0 && scene.Enables(ViolationKind.RedLight))
        {
            rules.Add(new RedLightRule(document.StopLines.Count));
        }

        if (document.Lanes.Count > 0 && scene.Enables(ViolationKind.WrongWay))
        {
            rules.Add(new WrongWayRule(document.Lanes.Count));
        }

        if (document.Lanes.Any(l => l.AllowedClasses.Count > 0) && scene.Enables(ViolationKind.LaneNotAllowed))
        {
            rules.Add(new LaneClassRule(scene, classes));
        }

        if (document.SolidLines.Count > 0 && scene.Enables(ViolationKind.SolidLineCrossing))
        {
            rules.Add(new SolidLineRule(document.SolidLines.Count));
        }

        if (document.Zones.Any(z => z.Kind is SceneZoneKind.NoParking or SceneZoneKind.NoStopping)
            && (scene.Enables(ViolationKind.IllegalParking) || scene.Enables(ViolationKind.IllegalStopping)))
        {
            rules.Add(new DwellRule());
        }

        if (document.Zones.Any(z => z.Kind == SceneZoneKind.Sidewalk) && scene.Enables(ViolationKind.Sidewalk))
        {
            rules.Add(new SidewalkRule());
        }

        if (scene.GroundPlane is not null && document.SpeedLimits.Count > 0 && scene.Enables(ViolationKind.Speeding))
        {
            rules.Add(new SpeedingRule(scene, classes));
        }

        if (classes.MotorbikeClassId >= 0 && classes.PersonClassId >= 0 && scene.Enables(ViolationKind.MotorbikeOverloaded))
        {
            rules.Add(new MotorbikeOverloadRule());
        }

        // Where the scene runs LooseCattle (the street-order stage), a herd, or a lone animal, is one case with its duration instead.
        if (document.Zones.Any(z => z.Kind == SceneZoneKind.Road) && scene.Enables(ViolationKind.AnimalOnRoad) && !scene.Enables(ViolationKind.LooseCattle))
        {
            rules.Add(new AnimalOnRoadRule());
        }

        return rules;
    }
}
