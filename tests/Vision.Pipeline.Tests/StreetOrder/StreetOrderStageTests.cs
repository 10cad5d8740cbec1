using Vision.Domain.Geometry;
using Vision.Domain.Violations;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.StreetOrder;
using Vision.Pipeline.Tracking;
using static Vision.Pipeline.Tests.StreetOrder.StreetOrderScript;

namespace Vision.Pipeline.Tests.StreetOrder;

/// <summary>
/// The street-order stage on scripted detections, one frame a second. A cell becomes occupied after 42 frames covered
/// (1 − e^(−42/60) ≥ ½) and free 42 frames after it was last covered; short absences do not free it.
/// </summary>
public sealed class StreetOrderStageTests
{
    private static readonly int Motorcycle = ObjectClasses.Coco.Names.ToList().IndexOf("motorcycle");

    /// <summary>A parasol 300×300 px on the 200 000 px² sidewalk: 45 % of it.</summary>
    private static readonly Detection Parasol = Box("umbrella", 50, 600, 350, 900);

    /// <summary>The sidewalk's 24×24 cells (16.7×20.8 px) whose centres the parasol covers: 18 × 14 of 576.</summary>
    private const double ParasolShare = 18 * 14 / 576.0;

    [Fact]
    public void Parasol_LeftTwentyMinutes_HiddenTwiceOnTheWay_IsOneEncroachmentEpisode()
    {
        var script = new StreetOrderScript().Run(1500, s => s < 1200 && s is not (>= 300 and < 330) and not (>= 600 and < 620) ? [Parasol] : []);

        var stall = Assert.Single(script.Cases);
        Assert.Equal((ViolationKind.SidewalkEncroachment, "umbrella", "market sidewalk"), (stall.Kind, stall.ObjectClass, stall.ZoneName));
        Assert.Equal((42L, 1240L, (long?)1361), (stall.Episode!.StartSequence, stall.Episode.EndSequence, stall.Episode.ClearedSequence));
        Assert.Equal(stall.Episode.EndSequence, stall.Sequence);
        Assert.Equal(ParasolShare, stall.Episode.Peak);
        // One time-lapse frame a minute from the start, then the last frame over the limit and the frame it cleared.
        Assert.Equal(19, stall.KeyFrames.Count(k => k.Role == KeyFrameRole.TimeLapse));
        Assert.Equal([42L, 1240, 1361], stall.KeyFrames.Where(k => k.Role != KeyFrameRole.TimeLapse).Select(k => k.Sequence));
    }

    [Fact]
    public void PersonSittingBrieflyOnAChair_CoversTheSidewalk_ButTooShortlyForACase()
    {
        var chair = Box("chair", 50, 600, 350, 900);
        var script = new StreetOrderScript().Run(600, s => s < 180 ? [chair, Box("person", 120, 450, 280, 880)] : []);

        Assert.Empty(script.Cases);
        Assert.Equal(ParasolShare, script.Occupancy.Reports.Max(r => r.PeakShare));
    }

    [Fact]
    public void ParasolCarriedPast_NeverOccupiesTheSidewalk()
    {
        // Walked across at 20 px a second: each cell is covered for 15 s at most.
        var script = new StreetOrderScript().Run(600, s => s is >= 10 and < 60 ? [Box("umbrella", 20 * (s - 10), 600, 20 * (s - 10) + 300, 900)] : []);

        Assert.Empty(script.Cases);
        Assert.Equal(0, script.Occupancy.Reports.Max(r => r.PeakShare));
    }

    [Fact]
    public void FiveMotorbikesStoppingForAMinute_AreNoParkingLot_ButLeftTwelveMinutesTheyAre()
    {
        Detection[] bikes = [.. Enumerable.Range(0, 5).Select(i => Box("motorcycle", 10 + 75 * i, 700, 70 + 75 * i, 900))];

        var brief = new StreetOrderScript().Run(400, s => s < 60 ? bikes : []);
        Assert.Empty(brief.Cases);
        Assert.Equal(5, brief.Occupancy.Reports.Max(r => r.PeakParkedVehicles));

        var lot = Assert.Single(new StreetOrderScript().Run(1000, s => s < 720 ? bikes : []).Cases);
        Assert.Equal((ViolationKind.SidewalkParkingLot, "motorcycle", 5.0, 4.0), (lot.Kind, lot.ObjectClass, lot.Episode!.Peak, lot.Episode.Limit));
        Assert.Equal((42L, 719L), (lot.Episode.StartSequence, lot.Episode.EndSequence));
    }

    [Fact]
    public void ADenseStreamOfMotorbikesRidingThrough_IsNoParkingLot_ThoughItKeepsEveryCellCovered()
    {
        // Rush hour: five files of motorbikes ride up the zone at 100 px/s, 200 px apart, each box 200 px tall: every
        // cell is covered in every frame, so the grid holds it occupied, and each bike on it counted as parked.
        static IEnumerable<(Detection Detection, TrackSnapshot Track)> Riding(long second) =>
            from file in Enumerable.Range(0, 5)
            from place in Enumerable.Range(0, 4)
            let bottom = 500 + (((200 * place) - (100 * second)) % 800 + 800) % 800
            let box = new BoundingBox(10 + (75 * file), bottom - 200, 70 + (75 * file), bottom)
            let id = 1 + (5 * place) + file
            select (new Detection(box, Motorcycle, 0.8f),
                new TrackSnapshot(id, Motorcycle, ClassFamily.Vehicle, box, 0, -100, TimeSpan.FromSeconds(5), TrackState.Tracked, 0.8f, 50, Start, Start));

        // Thirteen minutes of it, then the street empties (a case is reported once it clears).
        static IEnumerable<(Detection Detection, TrackSnapshot Track)> Rush(long second) => second < 800 ? Riding(second) : [];
        var riding = new StreetOrderScript().Run(1000, s => Rush(s).Select(r => r.Detection), s => Rush(s).Select(r => r.Track));
        // The same boxes with tracks that stand still are parked: the filter is the tracks' motion alone.
        var parked = new StreetOrderScript().Run(1000, s => Rush(s).Select(r => r.Detection),
            s => Rush(s).Select(r => r.Track with { VelocityY = -3 }));

        Assert.Empty(riding.Cases);
        Assert.Equal(ViolationKind.SidewalkParkingLot, Assert.Single(parked.Cases).Kind);
    }

    [Fact]
    public void MotorbikesParkedFiveMinutes_ThenAFeedOutage_AndBikesPassingAfterIt_AreNoParkingLot()
    {
        Detection[] bikes = [.. Enumerable.Range(0, 5).Select(i => Box("motorcycle", 10 + 75 * i, 700, 70 + 75 * i, 900))];

        // Parked for 5 minutes (a lot needs 10), then 35 minutes without frames, then five bikes in the one frame after.
        var script = new StreetOrderScript().Run(300, _ => bikes).Pause(TimeSpan.FromMinutes(35)).Run(1, _ => bikes).Run(400, _ => []);

        Assert.Empty(script.Cases);
    }

    [Fact]
    public void ALotThatRanBeforeAFeedOutage_IsACaseOfTheTimeItWasSeen()
    {
        Detection[] bikes = [.. Enumerable.Range(0, 5).Select(i => Box("motorcycle", 10 + 75 * i, 700, 70 + 75 * i, 900))];

        var script = new StreetOrderScript().Run(720, _ => bikes).Pause(TimeSpan.FromMinutes(35)).Run(400, _ => []);

        var lot = Assert.Single(script.Cases);
        Assert.Equal((42L, 719L, (long?)null), (lot.Episode!.StartSequence, lot.Episode.EndSequence, lot.Episode.ClearedSequence));
    }

    [Fact]
    public void ACafeChairAcrossTheStreet_BesideTheSidewalksLowerCorner_IsIgnored_AndTheParasolStillCounts()
    {
        // The sidewalk spans x 0–400, y 500–1000: the chair lies right of it, level with its last row of cells.
        var chair = Box("chair", 800, 950, 860, 1000);
        var script = new StreetOrderScript().Run(1500, s => s < 1200 ? [Parasol, chair] : [chair]);

        var stall = Assert.Single(script.Cases);
        Assert.Equal(("umbrella", ParasolShare), (stall.ObjectClass, stall.Episode!.Peak));
    }

    [Fact]
    public void AnEncroachmentRunningWhenTheCameraStops_IsACaseOfTheTimeItWasSeen()
    {
        var script = new StreetOrderScript().Run(1200, _ => [Parasol]);

        script.Stage.Complete();

        var stall = Assert.Single(script.Cases);
        Assert.Equal((42L, 1199L, (long?)null), (stall.Episode!.StartSequence, stall.Episode.EndSequence, stall.Episode.ClearedSequence));
    }

    [Fact]
    public void AnEncroachmentRunningWhenTheFramesChangeSize_IsACaseOfTheTimeSeenBefore()
    {
        // The gateway switches the stream from 1000 to 500 pixels square: the parasol stands on, half the size.
        var script = new StreetOrderScript().Run(1200, _ => [Parasol]).Run(300, _ => [Box("umbrella", 25, 300, 175, 450)], size: 500);

        var stall = Assert.Single(script.Cases);
        Assert.Equal((42L, 1199L), (stall.Episode!.StartSequence, stall.Episode.EndSequence));
    }

    [Fact]
    public void ARowOfMotorbikesNarrowerThanTheGridsCells_IsCountedParked()
    {
        // A full-width sidewalk at 1920×1080 has cells 80 px wide: motorbikes 60 px wide cover no cell's centre.
        var corners = new[] { new PixelPoint(0, 648), new PixelPoint(1920, 648), new PixelPoint(1920, 810), new PixelPoint(0, 810) };
        var grid = new OccupancyGrid(new Vision.Pipeline.Scenes.PixelPolygon(corners), corners, TimeSpan.FromSeconds(60));
        var bikes = Enumerable.Range(0, 6).Select(k => new BoundingBox(130 + 160 * k, 700, 190 + 160 * k, 800)).ToList();
        for (var second = 0; second <= 120; second++)
        {
            grid.BeginFrame();
            bikes.ForEach(grid.Cover);
            grid.Observe(StreetOrderScript.Start.AddSeconds(second));
        }

        Assert.All(bikes, bike => Assert.True(grid.IsOccupiedAt(OccupancyGrid.Footprint(bike)), $"{bike} not counted"));
    }

    [Fact]
    public void OccupancyGrid_HoldsAFewKilobytesPerZone()
    {
        var script = new StreetOrderScript().Run(1, _ => []);

        Assert.Equal(1, script.Stage.WatchedZoneCount);
        // Two 24×24 grids (goods, vehicles) at 6 bytes a cell.
        Assert.Equal(2 * 24 * 24 * 6, script.Stage.GridBytes);
    }
}
