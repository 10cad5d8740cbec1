using Vision.Domain.Geometry;
using Vision.Domain.Violations;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.Scenes;
using Vision.Pipeline.Tracking;

namespace Vision.Pipeline.StreetOrder;

/// <summary>
/// One Sidewalk or NoParking zone of one camera at one frame size: the occupancy grid of goods (encroachment, Sidewalk
/// zones only) and of parkable vehicles (parking lot), their episodes, and the hourly occupancy for the statistics.
/// A vehicle counts as parked when its anchor is in the zone and stands on an occupied cell of the vehicle grid, unless
/// its track moves: dense traffic in a curb lane keeps every cell covered, one vehicle after another, and made a
/// parking lot of the moving stream.
/// </summary>
internal sealed class ZoneWatch
{
    private readonly PixelPolygon _polygon;
    private readonly OccupancyGrid? _goods;
    private readonly SlowEpisodeTracker? _encroachment;
    private readonly OccupancyGrid _vehicles;
    private readonly SlowEpisodeTracker? _parkingLot;
    private readonly ZoneOccupancyLedger? _ledger;
    private readonly SceneRuleSettings _rules;
    private readonly Dictionary<int, int> _classCounts = [];
    private readonly List<BoundingBox> _counted = [];
    private string _goodsClass = string.Empty;
    private string _vehicleClass = string.Empty;
    private readonly float _movingSpeed;

    // A track whose box overlaps a detection's this much (intersection over union) is that detection's vehicle.
    private const float SameVehicleIou = 0.5f;

    /// <param name="movingSpeed">Pixels a second above which a vehicle's track moves (the scene's stationary radius each second).</param>
    public ZoneWatch(int zoneIndex, SceneZone zone, PixelPolygon polygon, IReadOnlyList<PixelPoint> corners, SceneRuleSettings rules,
        bool encroachment, bool parkingLot, string cameraId, float movingSpeed)
    {
        _movingSpeed = movingSpeed;
        ZoneIndex = zoneIndex;
        Zone = zone;
        _polygon = polygon;
        _rules = rules;
        var isSidewalk = zone.Kind == SceneZoneKind.Sidewalk;
        if (isSidewalk && encroachment)
        {
            _goods = new OccupancyGrid(polygon, corners, rules.StationaryWindow);
            _encroachment = new SlowEpisodeTracker(rules.EncroachmentMinDuration, rules.SlowCaseClearDuration, rules.SlowCaseMaxDuration, rules.TimeLapseInterval);
        }

        _vehicles = new OccupancyGrid(polygon, corners, rules.StationaryWindow);
        if (parkingLot)
        {
            _parkingLot = new SlowEpisodeTracker(rules.ParkingLotMinDuration, rules.SlowCaseClearDuration, rules.SlowCaseMaxDuration, rules.TimeLapseInterval);
        }

        _ledger = isSidewalk ? new ZoneOccupancyLedger(cameraId, zone.Name) : null;
    }

    public int ZoneIndex { get; }

    public SceneZone Zone { get; }

    /// <summary>Bytes held: the grids (the time-lapse frames are counted by <see cref="HeldFrameBytes"/>).</summary>
    public int GridBytes => (_goods?.MemoryBytes ?? 0) + _vehicles.MemoryBytes;

    public long HeldFrameBytes => (_encroachment?.HeldBytes ?? 0) + (_parkingLot?.HeldBytes ?? 0);

    public double GoodsShare => _goods?.OccupiedShare ?? 0;

    public int ParkedVehicles { get; private set; }

    public void Observe(IReadOnlyList<Detection> detections, IReadOnlyList<TrackSnapshot> tracks, StreetOrderClasses classes, EncodedFrame frame,
        IZoneOccupancySink? occupancy, List<(ViolationKind Kind, ZoneWatch Zone, FinishedEpisode Episode, string Subject)> finished)
    {
        _goods?.BeginFrame();
        _vehicles.BeginFrame();
        foreach (var detection in detections)
        {
            if (_goods is not null && classes.IsGoods(detection.ClassId))
            {
                _goods.Cover(detection.Box);
            }
            else if (classes.IsParkable(detection.ClassId) && _polygon.Contains(PixelPoint.BottomCentreOf(detection.Box)))
            {
                _vehicles.Cover(detection.Box);
            }
        }

        _goods?.Observe(frame.CapturedAt);
        _vehicles.Observe(frame.CapturedAt);

        ParkedVehicles = 0;
        BoundingBox? parkedRegion = null;
        _classCounts.Clear();
        _counted.Clear();
        foreach (var detection in detections)
        {
            var box = detection.Box;
            if (classes.IsParkable(detection.ClassId) && _polygon.Contains(PixelPoint.BottomCentreOf(box))
                && _vehicles.IsOccupiedAt(OccupancyGrid.Footprint(box))
                && !IsMoving(box, tracks)
                && !SameObject.AlreadyCounted(_counted, box))
            {
                _counted.Add(box);
                ParkedVehicles++;
                parkedRegion = parkedRegion is { } r ? new BoundingBox(Math.Min(r.Left, box.Left), Math.Min(r.Top, box.Top), Math.Max(r.Right, box.Right), Math.Max(r.Bottom, box.Bottom)) : box;
                _classCounts[detection.ClassId] = _classCounts.GetValueOrDefault(detection.ClassId) + 1;
            }
        }

        if (_parkingLot is not null)
        {
            var over = ParkedVehicles > _rules.ParkingLotVehicleLimit;
            if (over)
            {
                _vehicleClass = classes.Names.NameOf(_classCounts.MaxBy(c => c.Value).Key);
            }

            if (_parkingLot.Observe(frame, ParkedVehicles, over, parkedRegion ?? default) is { } lot)
            {
                finished.Add((ViolationKind.SidewalkParkingLot, this, lot, _vehicleClass));
            }
        }

        if (_goods is not null && _encroachment is not null)
        {
            var over = _goods.OccupiedShare > _rules.EncroachmentMinShare;
            if (over)
            {
                _goodsClass = DominantGoods(detections, classes) ?? _goodsClass;
            }

            if (_encroachment.Observe(frame, _goods.OccupiedShare, over, _goods.OccupiedRegion() ?? default) is { } encroached)
            {
                finished.Add((ViolationKind.SidewalkEncroachment, this, encroached, _goodsClass));
            }
        }

        if (occupancy is not null)
        {
            _ledger?.Observe(frame.CapturedAt, GoodsShare, ParkedVehicles, occupancy);
        }
    }

    /// <summary>Whether the tracked vehicle this box is (the tracked box most like it) moves faster than a parked one jitters.</summary>
    private bool IsMoving(BoundingBox box, IReadOnlyList<TrackSnapshot> tracks)
    {
        TrackSnapshot? vehicle = null;
        var bestIou = SameVehicleIou;
        foreach (var track in tracks)
        {
            var iou = track.State == TrackState.Tracked ? track.Box.IntersectionOverUnion(box) : 0;
            if (iou >= bestIou)
            {
                (vehicle, bestIou) = (track, iou);
            }
        }

        return vehicle is { } moving && (moving.VelocityX * moving.VelocityX) + (moving.VelocityY * moving.VelocityY) > _movingSpeed * _movingSpeed;
    }

    /// <summary>Ends the zone's running episodes (<see cref="SlowEpisodeTracker.End"/>), adding those that are cases.</summary>
    public void EndEpisodes(List<(ViolationKind Kind, ZoneWatch Zone, FinishedEpisode Episode, string Subject)> finished)
    {
        if (_parkingLot?.End() is { } lot)
        {
            finished.Add((ViolationKind.SidewalkParkingLot, this, lot, _vehicleClass));
        }

        if (_encroachment?.End() is { } encroached)
        {
            finished.Add((ViolationKind.SidewalkEncroachment, this, encroached, _goodsClass));
        }
    }

    /// <summary>Reports the zone's running occupancy hour (see <see cref="ZoneOccupancyLedger.Flush"/>).</summary>
    public void FlushOccupancy(IZoneOccupancySink occupancy) => _ledger?.Flush(occupancy);

    /// <summary>The goods class seen most in the zone in this frame.</summary>
    private string? DominantGoods(IReadOnlyList<Detection> detections, StreetOrderClasses classes)
    {
        _classCounts.Clear();
        foreach (var detection in detections)
        {
            if (classes.IsGoods(detection.ClassId) && _polygon.Contains(new PixelPoint(detection.Box.CenterX, detection.Box.CenterY)))
            {
                _classCounts[detection.ClassId] = _classCounts.GetValueOrDefault(detection.ClassId) + 1;
            }
        }

        return _classCounts.Count == 0 ? null : classes.Names.NameOf(_classCounts.MaxBy(c => c.Value).Key);
    }
}
