using Vision.Domain.Geometry;
using Vision.Domain.Violations;
using Vision.Pipeline.ObjectDetection;

namespace Vision.Pipeline.Scenes;

/// <summary>Checks a scene document element by element and says precisely what is wrong where.</summary>
public sealed class SceneValidator(ObjectClasses classes, bool helmetModelAvailable)
{
    private const double MinPolygonArea = 1e-5;

    /// <summary>Zones a scene may hold: every stopped vehicle keeps its stay in each.</summary>
    public const int MaxZones = 256;

    public IReadOnlyList<SceneProblem> Validate(SceneDocument document, string file)
    {
        var problems = new List<SceneProblem>();
        void Problem(string element, string problem) => problems.Add(new SceneProblem(file, element, problem));

        CheckIdentity(document, Problem);
        CheckZones(document, Problem);
        CheckLights(document, Problem);
        CheckStopLines(document, Problem);
        CheckLanes(document, Problem);
        CheckSolidLines(document, Problem);
        CheckCalibration(document.Calibration, Problem);
        CheckSpeedLimits(document, Problem);
        CheckRules(document, Problem);
        return problems;
    }

    /// <summary>The scene's id and version.</summary>
    private static void CheckIdentity(SceneDocument document, Action<string, string> problem)
    {
        if (string.IsNullOrWhiteSpace(document.Id))
        {
            problem("Id", "the scene has no id");
        }

        if (document.Version < 1)
        {
            problem("Version", $"the version must be 1 or more, not {document.Version}");
        }
    }

    /// <summary>Names, polygons and dwell limits of the zones.</summary>
    private static void CheckZones(SceneDocument document, Action<string, string> problem)
    {
        CheckUnique(document.Zones.Select(z => z.Name), "Zones", problem);
        if (document.Zones.Count > MaxZones)
        {
            problem("Zones", $"a scene holds at most {MaxZones} zones, not {document.Zones.Count}");
        }

        for (var i = 0; i < document.Zones.Count; i++)
        {
            var zone = document.Zones[i];
            var element = $"Zones[{i}] '{zone.Name}'";
            CheckName(zone.Name, element, problem);
            CheckPolygon(zone.Polygon, element + ".Polygon", problem);
            if (zone.Kind is SceneZoneKind.NoParking or SceneZoneKind.NoStopping && zone.MaxDwell is not { Ticks: > 0 })
            {
                problem(element + ".MaxDwell", $"a {zone.Kind} zone needs a positive MaxDwell");
            }
        }
    }

    /// <summary>The light housings: unique ids, a box inside the frame.</summary>
    private static void CheckLights(SceneDocument document, Action<string, string> problem)
    {
        CheckUnique(document.Lights.Select(l => l.Id), "Lights", problem);
        for (var i = 0; i < document.Lights.Count; i++)
        {
            var light = document.Lights[i];
            var element = $"Lights[{i}] '{light.Id}'";
            CheckName(light.Id, element, problem);
            CheckPoint(light.TopLeft, element + ".TopLeft", problem);
            CheckPoint(light.BottomRight, element + ".BottomRight", problem);
            if (light.BottomRight.X <= light.TopLeft.X || light.BottomRight.Y <= light.TopLeft.Y)
            {
                problem(element, "BottomRight must lie right of and below TopLeft");
            }
        }
    }

    /// <summary>Each stop line: a length, a Beyond side off the line, and defined lights that govern it.</summary>
    private static void CheckStopLines(SceneDocument document, Action<string, string> problem)
    {
        var lightIds = document.Lights.Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
        CheckUnique(document.StopLines.Select(s => s.Name), "StopLines", problem);
        for (var i = 0; i < document.StopLines.Count; i++)
        {
            var line = document.StopLines[i];
            var element = $"StopLines[{i}] '{line.Name}'";
            CheckName(line.Name, element, problem);
            CheckPoint(line.Start, element + ".Start", problem);
            CheckPoint(line.End, element + ".End", problem);
            CheckPoint(line.Beyond, element + ".Beyond", problem);
            if (Distance(line.Start, line.End) < 1e-3)
            {
                problem(element, "Start and End are the same point: the stop line has no length");
            }
            else if (Math.Abs(Cross(line.Start, line.End, line.Beyond)) / Distance(line.Start, line.End) < 1e-3)
            {
                problem(element + ".Beyond", "the Beyond point lies on the stop line; it must mark the intersection side");
            }

            if (line.Lights.Count == 0)
            {
                problem(element + ".Lights", "a stop line needs the light(s) that govern it");
            }

            foreach (var id in line.Lights.Where(id => !lightIds.Contains(id)))
            {
                problem(element + ".Lights", $"light '{id}' is not defined in Lights");
            }
        }
    }

    /// <summary>Each lane: a polygon, a direction and known allowed classes.</summary>
    private void CheckLanes(SceneDocument document, Action<string, string> problem)
    {
        CheckUnique(document.Lanes.Select(l => l.Name), "Lanes", problem);
        for (var i = 0; i < document.Lanes.Count; i++)
        {
            var lane = document.Lanes[i];
            var element = $"Lanes[{i}] '{lane.Name}'";
            CheckName(lane.Name, element, problem);
            CheckPolygon(lane.Polygon, element + ".Polygon", problem);
            if (Math.Abs(lane.Direction.X) + Math.Abs(lane.Direction.Y) < 1e-6)
            {
                problem(element + ".Direction", "the lane direction is a zero vector");
            }

            CheckClasses(lane.AllowedClasses, element + ".AllowedClasses", problem);
        }
    }

    /// <summary>Each solid line: at least two distinct consecutive points.</summary>
    private static void CheckSolidLines(SceneDocument document, Action<string, string> problem)
    {
        CheckUnique(document.SolidLines.Select(l => l.Name), "SolidLines", problem);
        for (var i = 0; i < document.SolidLines.Count; i++)
        {
            var line = document.SolidLines[i];
            var element = $"SolidLines[{i}] '{line.Name}'";
            CheckName(line.Name, element, problem);
            if (line.Points.Count < 2)
            {
                problem(element + ".Points", $"a line needs at least 2 points, not {line.Points.Count}");
            }

            for (var p = 0; p < line.Points.Count; p++)
            {
                CheckPoint(line.Points[p], $"{element}.Points[{p}]", problem);
                if (p > 0 && Distance(line.Points[p - 1], line.Points[p]) < 1e-4)
                {
                    problem($"{element}.Points[{p}]", "repeats the previous point (a segment of zero length)");
                }
            }
        }
    }

    private static void CheckCalibration(SceneCalibration? calibration, Action<string, string> problem)
    {
        if (calibration is null)
        {
            return;
        }

        if (calibration.ImagePoints.Count != 4 || calibration.GroundPointsMetres.Count != 4)
        {
            problem("Calibration", $"needs exactly 4 image points and 4 ground points, not {calibration.ImagePoints.Count} and {calibration.GroundPointsMetres.Count}");
            return;
        }

        for (var p = 0; p < 4; p++)
        {
            CheckPoint(calibration.ImagePoints[p], $"Calibration.ImagePoints[{p}]", problem);
        }

        var image = calibration.ImagePoints;
        var ground = calibration.GroundPointsMetres.Select(g => new NormalizedPoint(g.XMetres, g.YMetres)).ToList();
        var collinear = false;
        foreach (var (a, b, c) in Triples())
        {
            if (Math.Abs(Cross(image[a], image[b], image[c])) < 1e-4)
            {
                problem("Calibration.ImagePoints", $"points {a}, {b} and {c} are collinear: the four points must span the road surface");
                collinear = true;
            }

            if (Math.Abs(Cross(ground[a], ground[b], ground[c])) < 1e-3)
            {
                problem("Calibration.GroundPointsMetres", $"points {a}, {b} and {c} are collinear: the four points must span the road surface");
                collinear = true;
            }
        }

        if (collinear)
        {
            return;
        }

        // A plane seen by a camera keeps the order of its points (every triple turns the same way in the image as on the
        // ground, or every triple the other way, as the image's y runs down). Two ground points given in swapped order
        // put the horizon inside the road, and a car there was measured at hundreds of km/h.
        var turns = Triples().Select(t => Math.Sign(Cross(image[t.Item1], image[t.Item2], image[t.Item3])) * Math.Sign(Cross(ground[t.Item1], ground[t.Item2], ground[t.Item3])))
            .Distinct().ToList();
        if (turns.Count > 1)
        {
            problem("Calibration.GroundPointsMetres", "the ground points are not in the order of the image points: each ground point must be where its image point lies on the road");
        }
    }

    private void CheckSpeedLimits(SceneDocument document, Action<string, string> problem)
    {
        for (var i = 0; i < document.SpeedLimits.Count; i++)
        {
            var limit = document.SpeedLimits[i];
            CheckClasses([limit.Class], $"SpeedLimits[{i}].Class", problem);
            if (limit.SpeedLimitKmh is <= 0 or > 200)
            {
                problem($"SpeedLimits[{i}] '{limit.Class}'", $"SpeedLimitKmh must be in (0, 200], not {limit.SpeedLimitKmh}");
            }
        }

        // Class names are matched ignoring case: "car" and "Car" are the same class given two limits.
        CheckUnique(document.SpeedLimits.Select(l => l.Class), "SpeedLimits", problem, StringComparer.OrdinalIgnoreCase);
        if (document.SpeedLimits.Count > 0 && document.Calibration is null)
        {
            problem("SpeedLimits", "speed limits need a Calibration (four image points with their ground positions in metres)");
        }
    }

    private void CheckRules(SceneDocument document, Action<string, string> problem)
    {
        var rules = document.Rules;
        if (rules.Enabled?.Contains(ViolationKind.NoHelmet) == true && !helmetModelAvailable)
        {
            problem("Rules.Enabled", "NoHelmet is enabled but the rule cannot run: this version has no helmet classifier (Vision:Rules:HelmetModelPath, models/MODELS.md)");
        }

        if (rules.Enabled?.Contains(ViolationKind.Speeding) == true && (document.Calibration is null || document.SpeedLimits.Count == 0))
        {
            problem("Rules.Enabled", "Speeding is enabled but the scene has no Calibration and SpeedLimits");
        }

        foreach (var kind in rules.Enabled?.Distinct() ?? [])
        {
            if (MissingGeometry(document, kind) is { } missing)
            {
                problem("Rules.Enabled", $"{kind} is enabled but the scene has no {missing}: the rule would never run");
            }
        }

        if (rules.RedLightGrace < TimeSpan.Zero || rules.RedLightGrace > TimeSpan.FromSeconds(5))
        {
            problem("Rules.RedLightGrace", $"must be between 0 and 5 s, not {rules.RedLightGrace}");
        }

        if (rules.LineHysteresis is < SceneRuleSettings.MinimumLineHysteresis or > 0.2)
        {
            // Without a band a bumper jittering a pixel either side of the line while waiting under the red is a crossing.
            problem("Rules.LineHysteresis", string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"must be between {SceneRuleSettings.MinimumLineHysteresis} and 0.2 of the image height (a band that absorbs a box's jitter), not {rules.LineHysteresis}"));
        }

        if (rules.StationaryRadius is <= 0 or > 0.2 || rules.WrongWayMinDistance is <= 0 or > 1)
        {
            problem("Rules", "StationaryRadius must be in (0, 0.2] and WrongWayMinDistance in (0, 1] (fractions of the image height)");
        }

        if (rules.SpeedToleranceKmh is < 0 or > 50)
        {
            problem("Rules.SpeedToleranceKmh", $"must be between 0 and 50, not {rules.SpeedToleranceKmh}");
        }

        foreach (var (name, duration) in new[] { ("SidewalkMinDuration", rules.SidewalkMinDuration), ("LaneMinDuration", rules.LaneMinDuration),
                     ("OverloadMinDuration", rules.OverloadMinDuration), ("AnimalMinDuration", rules.AnimalMinDuration) })
        {
            if (duration < SceneRuleSettings.MinimumStayDuration)
            {
                // A stay that short is one detection: a box flickering into a zone for a frame is no violation.
                problem($"Rules.{name}", $"must be at least {SceneRuleSettings.MinimumStayDuration.TotalSeconds.ToString("0.0#", System.Globalization.CultureInfo.InvariantCulture)} s, not {duration}");
            }
        }

        if (rules.SpeedWindow <= TimeSpan.Zero)
        {
            problem("Rules.SpeedWindow", "must be positive");
        }
        else if (rules.SpeedWindow < SceneRuleSettings.MinimumSpeedSpan && document.Calibration is not null && document.SpeedLimits.Count > 0)
        {
            // Only where speeding can run: a scene without speed limits was never measured, and loaded before.
            problem("Rules.SpeedWindow", $"must be at least {SceneRuleSettings.MinimumSpeedSpan.TotalSeconds.ToString("0.0#", System.Globalization.CultureInfo.InvariantCulture)} s, the least time a speed is measured over (a shorter window never measures one), not {rules.SpeedWindow}");
        }

        CheckClasses(rules.AnimalClasses, "Rules.AnimalClasses", problem);
        CheckStreetOrder(rules, problem);
    }

    /// <summary>What a rule named in <c>Rules.Enabled</c> needs drawn on the scene to run, when the scene lacks it.</summary>
    private static string? MissingGeometry(SceneDocument document, ViolationKind kind)
    {
        bool HasZone(SceneZoneKind zoneKind) => document.Zones.Any(z => z.Kind == zoneKind);
        return kind switch
        {
            ViolationKind.RedLight when document.StopLines.Count == 0 => "StopLines",
            ViolationKind.WrongWay when document.Lanes.Count == 0 => "Lanes",
            ViolationKind.LaneNotAllowed when !document.Lanes.Any(l => l.AllowedClasses.Count > 0) => "lane with AllowedClasses",
            ViolationKind.SolidLineCrossing when document.SolidLines.Count == 0 => "SolidLines",
            ViolationKind.IllegalParking when !HasZone(SceneZoneKind.NoParking) => "NoParking zone",
            ViolationKind.SidewalkParkingLot when !HasZone(SceneZoneKind.Sidewalk) && !HasZone(SceneZoneKind.NoParking) => "Sidewalk or NoParking zone",
            ViolationKind.IllegalStopping when !HasZone(SceneZoneKind.NoStopping) => "NoStopping zone",
            ViolationKind.Sidewalk or ViolationKind.SidewalkEncroachment when !HasZone(SceneZoneKind.Sidewalk) => "Sidewalk zone",
            ViolationKind.AnimalOnRoad or ViolationKind.LooseCattle when !HasZone(SceneZoneKind.Road) => "Road zone",
            _ => null,
        };
    }

    private void CheckStreetOrder(SceneRuleSettings rules, Action<string, string> problem)
    {
        CheckClasses(rules.GoodsClasses, "Rules.GoodsClasses", problem);
        CheckClasses(rules.ParkingLotClasses, "Rules.ParkingLotClasses", problem);
        if (rules.EncroachmentMinShare is <= 0 or >= 1)
        {
            problem("Rules.EncroachmentMinShare", $"must be a share of the zone's area in (0, 1), not {rules.EncroachmentMinShare}");
        }

        if (rules.ParkingLotVehicleLimit < 0 || rules.HerdMinAnimals < 1)
        {
            problem("Rules", "ParkingLotVehicleLimit must not be negative and HerdMinAnimals must be at least 1");
        }

        if (rules.EncroachmentMinDuration < TimeSpan.Zero || rules.ParkingLotMinDuration < TimeSpan.Zero || rules.HerdClearDuration < TimeSpan.Zero
            || rules.SlowCaseClearDuration < TimeSpan.Zero || rules.StationaryWindow <= TimeSpan.Zero || rules.TimeLapseInterval <= TimeSpan.Zero
            || rules.SlowCaseMaxDuration <= rules.EncroachmentMinDuration || rules.SlowCaseMaxDuration <= rules.ParkingLotMinDuration)
        {
            problem("Rules", "street-order durations must not be negative, StationaryWindow and TimeLapseInterval must be positive, and SlowCaseMaxDuration must exceed EncroachmentMinDuration and ParkingLotMinDuration");
        }
    }

    private void CheckClasses(IEnumerable<string> names, string element, Action<string, string> problem)
    {
        foreach (var name in names.Where(n => !classes.TryGetId(n, out _)))
        {
            problem(element, $"'{name}' is not a class of the detector");
        }
    }

    private static void CheckName(string name, string element, Action<string, string> problem)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            problem(element, "has no name");
        }
    }

    private static void CheckUnique(IEnumerable<string> names, string element, Action<string, string> problem, StringComparer? comparer = null)
    {
        foreach (var duplicate in names.Where(n => !string.IsNullOrWhiteSpace(n)).GroupBy(n => n, comparer ?? StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problem(element, $"'{duplicate.Key}' is used {duplicate.Count()} times; names must be unique");
        }
    }

    private static void CheckPoint(NormalizedPoint point, string element, Action<string, string> problem)
    {
        if (!point.IsInsideImage)
        {
            problem(element, $"point {point} lies outside the image; coordinates are normalised to [0, 1]");
        }
    }

    private static void CheckPolygon(IReadOnlyList<NormalizedPoint> polygon, string element, Action<string, string> problem)
    {
        if (polygon.Count < 3)
        {
            problem(element, $"a polygon needs at least 3 points, not {polygon.Count}");
            return;
        }

        for (var p = 0; p < polygon.Count; p++)
        {
            CheckPoint(polygon[p], $"{element}[{p}]", problem);
        }

        var n = polygon.Count;
        for (var a = 0; a < n; a++)
        {
            for (var b = a + 1; b < n; b++)
            {
                // Adjacent edges share a vertex; only edges that do not touch may not intersect.
                if (b == a + 1 || (a == 0 && b == n - 1))
                {
                    continue;
                }

                if (SegmentsIntersect(polygon[a], polygon[(a + 1) % n], polygon[b], polygon[(b + 1) % n]))
                {
                    problem(element, $"the polygon intersects itself: edge {a}-{(a + 1) % n} crosses edge {b}-{(b + 1) % n}");
                    return;
                }
            }
        }

        var area = 0.0;
        for (int i = 0, j = polygon.Count - 1; i < polygon.Count; j = i++)
        {
            area += polygon[j].X * polygon[i].Y - polygon[i].X * polygon[j].Y;
        }

        if (Math.Abs(area / 2) < MinPolygonArea)
        {
            problem(element, "the polygon is degenerate (no area)");
        }
    }

    private static IEnumerable<(int, int, int)> Triples() => [(0, 1, 2), (0, 1, 3), (0, 2, 3), (1, 2, 3)];

    private static double Cross(NormalizedPoint a, NormalizedPoint b, NormalizedPoint c) => (b.X - a.X) * (c.Y - a.Y) - (b.Y - a.Y) * (c.X - a.X);

    private static double Distance(NormalizedPoint a, NormalizedPoint b) => Math.Sqrt(Math.Pow(a.X - b.X, 2) + Math.Pow(a.Y - b.Y, 2));

    private static bool SegmentsIntersect(NormalizedPoint p1, NormalizedPoint p2, NormalizedPoint q1, NormalizedPoint q2)
    {
        var d1 = Cross(q1, q2, p1);
        var d2 = Cross(q1, q2, p2);
        var d3 = Cross(p1, p2, q1);
        var d4 = Cross(p1, p2, q2);
        return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
    }
}
