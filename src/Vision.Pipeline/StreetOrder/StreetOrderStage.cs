using Vision.Domain.Inference;
using Vision.Domain.Violations;
using Vision.Pipeline.Inference;
using Vision.Pipeline.Rules.Legal;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.Scenes;

namespace Vision.Pipeline.StreetOrder;

/// <summary>
/// One camera's street-order watch on its detect loop: sidewalk encroachment and sidewalk parking lots per Sidewalk
/// (and NoParking) zone on occupancy grids of the frame's detections, loose cattle per Road zone, and the hourly
/// sidewalk occupancy for the statistics. Each finished episode becomes one slow case, handed to the sink with its
/// time-lapse frames. Time comes from the frames, so a replay gives the same cases.
/// </summary>
public sealed class StreetOrderStage : IFrameResultConsumer
{
    private readonly string _cameraId;
    private readonly Scene _scene;
    private readonly StreetOrderClasses _classes;
    private readonly LegalTable _legal;
    private readonly FrameHistory _history;
    private readonly IViolationSink _sink;
    private readonly IZoneOccupancySink? _occupancy;
    private readonly List<(ViolationKind Kind, ZoneWatch Zone, FinishedEpisode Episode, string Subject)> _finished = [];
    private (int Width, int Height) _size;
    private ModelIdentity? _model;
    private ZoneWatch[] _zones = [];
    private HerdWatch[] _herds = [];

    public StreetOrderStage(string cameraId, Scene scene, StreetOrderClasses classes, LegalTable legal, FrameHistory history, IViolationSink sink,
        IZoneOccupancySink? occupancy = null)
    {
        _cameraId = cameraId;
        _scene = scene;
        _classes = classes;
        _legal = legal;
        _history = history;
        _sink = sink;
        _occupancy = occupancy;
    }

    /// <summary>Whether the scene gives this stage anything to do (a Sidewalk, NoParking or Road zone with its case enabled).</summary>
    public static bool AppliesTo(Scene scene) =>
        scene.Document.Zones.Any(z => z.Kind == SceneZoneKind.Sidewalk)
        || (scene.Document.Zones.Any(z => z.Kind == SceneZoneKind.NoParking) && scene.Enables(ViolationKind.SidewalkParkingLot))
        || (scene.Document.Zones.Any(z => z.Kind == SceneZoneKind.Road) && scene.Enables(ViolationKind.LooseCattle));

    /// <summary>Bytes of the occupancy grids of every watched zone.</summary>
    public int GridBytes => _zones.Sum(z => z.GridBytes);

    /// <summary>Bytes of encoded frames held for running episodes' time-lapses.</summary>
    public long HeldFrameBytes => _zones.Sum(z => z.HeldFrameBytes) + _herds.Sum(h => h.HeldFrameBytes);

    public int WatchedZoneCount => _zones.Length + _herds.Length;

    public void Consume(FrameResult result, FramePixels pixels)
    {
        if (result.Outcome != FrameOutcome.Processed || result.Width <= 0 || result.Height <= 0
            || _history.Find(result.Sequence) is not { } frame)
        {
            return;
        }

        if (_size != (result.Width, result.Height))
        {
            // The zones are watched anew at the new size: what the old watches counted and saw running is reported first.
            EndWatches();
            Build(result.Width, result.Height);
        }

        _model = result.Model;
        _finished.Clear();
        foreach (var zone in _zones)
        {
            zone.Observe(result.Detections, result.Tracks, _classes, frame, _occupancy, _finished);
        }

        foreach (var herd in _herds)
        {
            if (herd.Observe(result.Detections, _classes, frame) is { } episode)
            {
                SubmitHerd(herd, episode);
            }
        }

        SubmitFinished();
    }

    /// <summary>The camera stopped: each running episode that is a case is reported, and each zone's occupancy hour.</summary>
    public void Complete() => EndWatches();

    private void EndWatches()
    {
        _finished.Clear();
        foreach (var zone in _zones)
        {
            zone.EndEpisodes(_finished);
        }

        foreach (var herd in _herds)
        {
            if (herd.End() is { } episode)
            {
                SubmitHerd(herd, episode);
            }
        }

        SubmitFinished();
        FlushOccupancy();
    }

    private void SubmitHerd(HerdWatch herd, FinishedEpisode episode) =>
        Submit(ViolationKind.LooseCattle, herd.ZoneIndex, herd.Zone, episode, herd.AnimalClass, "animals", _scene.Document.Rules.HerdMinAnimals - 1, _model);

    private void SubmitFinished()
    {
        var rules = _scene.Document.Rules;
        foreach (var (kind, zone, episode, subject) in _finished)
        {
            if (kind == ViolationKind.SidewalkEncroachment)
            {
                Submit(kind, zone.ZoneIndex, zone.Zone, episode, subject, "occupied_share", rules.EncroachmentMinShare, _model);
            }
            else
            {
                Submit(kind, zone.ZoneIndex, zone.Zone, episode, subject, "parked_vehicles", rules.ParkingLotVehicleLimit, _model);
            }
        }
    }

    private void FlushOccupancy()
    {
        if (_occupancy is null)
        {
            return;
        }

        foreach (var zone in _zones)
        {
            zone.FlushOccupancy(_occupancy);
        }
    }

    private void Build(int width, int height)
    {
        _size = (width, height);
        var geometry = _scene.GeometryFor(width, height);
        var document = _scene.Document;
        var encroachment = _scene.Enables(ViolationKind.SidewalkEncroachment);
        var parkingLot = _scene.Enables(ViolationKind.SidewalkParkingLot);
        var zones = new List<ZoneWatch>();
        var herds = new List<HerdWatch>();
        for (var z = 0; z < document.Zones.Count; z++)
        {
            var zone = document.Zones[z];
            var corners = zone.Polygon.Select(p => p.ToPixels(width, height)).ToArray();
            if (zone.Kind == SceneZoneKind.Sidewalk || (zone.Kind == SceneZoneKind.NoParking && parkingLot))
            {
                zones.Add(new ZoneWatch(z, zone, geometry.Zones[z], corners, document.Rules, encroachment, parkingLot, _cameraId,
                    movingSpeed: (float)(document.Rules.StationaryRadius * height)));
            }
            else if (zone.Kind == SceneZoneKind.Road && _scene.Enables(ViolationKind.LooseCattle))
            {
                herds.Add(new HerdWatch(z, zone, geometry.Zones[z], document.Rules));
            }
        }

        _zones = [.. zones];
        _herds = [.. herds];
    }

    private void Submit(ViolationKind kind, int zoneIndex, SceneZone zone, FinishedEpisode episode, string subject, string measure, double limit, ModelIdentity? model)
    {
        var first = episode.First;
        var last = episode.Last;
        var keyFrames = new List<KeyFrame> { new(first.Sequence, first.CapturedAt, KeyFrameRole.First) };
        keyFrames.AddRange(episode.TimeLapse.Select(f => new KeyFrame(f.Sequence, f.CapturedAt, KeyFrameRole.TimeLapse)));
        keyFrames.Add(new KeyFrame(last.Sequence, last.CapturedAt, KeyFrameRole.At));
        var frames = new List<EncodedFrame>(episode.TimeLapse.Count + 3) { first };
        frames.AddRange(episode.TimeLapse);
        frames.Add(last);
        if (episode.Cleared is { } cleared)
        {
            keyFrames.Add(new KeyFrame(cleared.Sequence, cleared.CapturedAt, KeyFrameRole.After));
            frames.Add(cleared);
        }

        var duration = last.CapturedAt - first.CapturedAt;
        var candidate = new ViolationCandidate(
            ViolationCandidate.CreateId(_cameraId, kind, zoneIndex, first.CapturedAt, first.Sequence),
            _cameraId,
            kind,
            zoneIndex,
            subject,
            last.Sequence,
            last.CapturedAt,
            episode.Region,
            keyFrames.DistinctBy(k => k.Sequence).ToArray(),
            [],
            [
                new Measurement("episode_duration", duration.TotalSeconds, "s"),
                new Measurement("peak_" + measure, episode.Peak, measure == "occupied_share" ? "share" : "count"),
                new Measurement("limit_" + measure, limit, measure == "occupied_share" ? "share" : "count"),
                new Measurement("episode_start_sequence", first.Sequence, "frame"),
            ],
            [],
            zone.Name,
            _legal.Find(kind, VehicleType.Other),
            new RuleProvenance(_scene.Id, _scene.Version, _scene.Sha256, RuleNameOf(kind)),
            model is null ? [] : [model])
        {
            Episode = new SlowCaseEpisode(first.Sequence, first.CapturedAt, last.Sequence, last.CapturedAt, episode.Cleared?.Sequence,
                measure, limit, episode.Peak, episode.Samples, zone.Polygon),
        };

        if (_sink is ISlowCaseSink slow)
        {
            slow.Submit(candidate, [.. frames.DistinctBy(f => f.Sequence)]);
        }
        else
        {
            _sink.Submit(candidate);
        }
    }

    private static string RuleNameOf(ViolationKind kind) => kind switch
    {
        ViolationKind.SidewalkEncroachment => "sidewalk-encroachment",
        ViolationKind.SidewalkParkingLot => "sidewalk-parking-lot",
        _ => "loose-cattle",
    };
}
