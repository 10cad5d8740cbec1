using OpenCvSharp;
using Vision.Domain.Geometry;
using Vision.Pipeline.ObjectDetection;
using Vision.Domain.Plates.Consensus;
using Vision.Pipeline.Plates;
using Vision.Pipeline.Plates.Consensus;
using Vision.Pipeline.Plates.Localization;
using Vision.Pipeline.Tests.Plates.Localization;
using Vision.Pipeline.Tests.Support;
using Vision.Pipeline.Tracking;

namespace Vision.Pipeline.Tests.Plates;

/// <summary>The camera path's plate reading: one grammar pass, with the reader's own per-character confidences.</summary>
[Collection(PlateLocalizationCollection.Name)]
public sealed class PlateStageTests(PlateLocalizationFixture models)
{
    [Fact]
    public void A_sure_foreign_plate_stays_invalid_and_keeps_each_characters_confidence()
    {
        // A Croatian plate, ZG 4208-1, read ZG4208I: the reader is sure of Z and G (which fit no Vietnamese position)
        // and unsure of the last character. A second grammar pass that gave every character the weakest one's
        // confidence swapped Z→2, G→6, 4→A and I→1 into the Vietnamese plate 26A-2081.
        var stage = new PlateStage(models.TextLocator, models.CropReader(), null,
            new PlateStageOptions { MinimumTrackHits = 1 }, ObjectClasses.Coco);
        using var frame = VehicleFrameAround("plates/vn_crops/5PlateBaza296.jpg");

        var plate = Assert.Single(stage.Process(frame, [CarTrack(frame)], 1, DateTimeOffset.UnixEpoch).Plates);

        var consensus = plate.Consensus;
        Assert.Equal("ZG4208I", consensus.Text);
        Assert.False(consensus.IsValidPlate);
        Assert.Null(consensus.FormattedText);
        var confidences = consensus.BestObservation.Read.CharacterConfidences;
        Assert.Equal(7, confidences.Count);
        Assert.True(confidences.Max() - confidences.Min() > 0.2f, string.Join(" ", confidences));
    }

    [Fact]
    public void Each_frames_result_carries_the_watchlist_hits_that_appeared_in_it_and_keeps_them_after_the_next_frame()
    {
        var watchlist = new Watchlist([new WatchlistEntry("ZG4208I", "stolen", null)]);
        var stage = new PlateStage(models.TextLocator, models.CropReader(), watchlist,
            new PlateStageOptions { MinimumTrackHits = 1, FramesBetweenReads = 1, StopWhenStable = false }, ObjectClasses.Coco);
        using var frame = VehicleFrameAround("plates/vn_crops/5PlateBaza296.jpg");

        var first = stage.Process(frame, [CarTrack(frame)], 1, DateTimeOffset.UnixEpoch);
        var second = stage.Process(frame, [CarTrack(frame)], 2, DateTimeOffset.UnixEpoch.AddSeconds(0.1));

        var hit = Assert.Single(first.NewWatchlistHits);
        Assert.Equal((1L, "ZG4208I", WatchlistMatchKind.Exact), (hit.TrackId, hit.Hit.Entry.PlateCharacters, hit.Hit.Kind));
        Assert.Empty(second.NewWatchlistHits);
        Assert.Equal(2, Assert.Single(second.Plates).Consensus.SupportingReads);
        Assert.Equal(hit.Hit, Assert.Single(Assert.Single(second.Plates).WatchlistHits));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_wanted_vehicle_found_again_under_a_new_track_id_is_not_alerted_again_until_the_camera_lost_it_for_the_quiet_period(bool stopWhenStable)
    {
        // The tracker lost the car behind a bus and found it again as track 2, then as track 3 after a long stop in view:
        // each new id alerted the police again about the same car in front of the same camera. A settled track is read no
        // more (StopWhenStable, the default), yet the car it holds is still in view.
        var watchlist = new Watchlist([new WatchlistEntry("51F-356.13", "stolen", null)]);
        var stage = new PlateStage(models.TextLocator, models.CropReader(PlateGrammarMode.Vietnamese), watchlist,
            new PlateStageOptions { MinimumTrackHits = 1, FramesBetweenReads = 1, StopWhenStable = stopWhenStable, WatchlistQuietPeriod = TimeSpan.FromMinutes(5) }
                .WithGrammar(PlateGrammarMode.Vietnamese),
            ObjectClasses.Coco);
        using var frame = new Mat(480, 640, MatType.CV_8UC3, new Scalar(110, 110, 110));
        Paste(frame, "plates/vn_crops/3CarLongPlate941.jpg", height: 40, centreX: 320, top: 320);
        var start = DateTimeOffset.UnixEpoch;
        var sequence = 0L;
        IReadOnlyList<long> Raised(long trackId, TimeSpan at) =>
            [.. stage.Process(frame, [CarTrack(frame) with { TrackId = trackId }], ++sequence, start + at).NewWatchlistHits.Select(hit => hit.TrackId)];

        Assert.Equal([1L], Raised(1, TimeSpan.Zero));
        for (var read = 0; read < 8; read++)
        {
            Assert.Empty(Raised(2, TimeSpan.FromSeconds(20 + (0.1 * read))));
        }

        // Track 2 is in view six minutes on: the car never left, so track 3 is not news either.
        Assert.Empty(Raised(2, TimeSpan.FromMinutes(6)));
        Assert.Empty(Raised(3, TimeSpan.FromMinutes(7)));
        // Back after more than five minutes unseen: alerted again.
        Assert.Equal([4L], Raised(4, TimeSpan.FromMinutes(12.5)));
    }

    [Fact]
    public void A_read_too_unsure_to_be_valid_raises_no_watchlist_hit_and_a_hit_carries_the_reads_confidence()
    {
        // The same plate shrunk to 11 px high, as far down the street: read, but unsurely. A watchlist holding exactly
        // that read must not alert the police on it (the hit said 1.0, the vote's share of a track read once).
        using var far = VehicleFrameAround("plates/vn_crops/5PlateBaza296.jpg", plateHeight: 11);
        var reading = new PlateStage(models.TextLocator, models.CropReader(), null,
            new PlateStageOptions { MinimumTrackHits = 1 }, ObjectClasses.Coco);
        var weak = Assert.Single(reading.Process(far, [CarTrack(far)], 1, DateTimeOffset.UnixEpoch).Plates).Consensus;
        Assert.True(weak.CharacterConfidences.Min() < PlateGrammar.DefaultMinimumConfidence, string.Join(" ", weak.CharacterConfidences));

        var watching = new PlateStage(models.TextLocator, models.CropReader(), new Watchlist([new WatchlistEntry(weak.Text, "stolen", null)]),
            new PlateStageOptions { MinimumTrackHits = 1 }, ObjectClasses.Coco);
        Assert.Empty(watching.Process(far, [CarTrack(far)], 1, DateTimeOffset.UnixEpoch).NewWatchlistHits);

        using var near = VehicleFrameAround("plates/vn_crops/5PlateBaza296.jpg");
        var sure = new PlateStage(models.TextLocator, models.CropReader(), new Watchlist([new WatchlistEntry("ZG4208I", "stolen", null)]),
            new PlateStageOptions { MinimumTrackHits = 1 }, ObjectClasses.Coco).Process(near, [CarTrack(near)], 1, DateTimeOffset.UnixEpoch);
        var hit = Assert.Single(sure.NewWatchlistHits).Hit;
        Assert.Equal(Assert.Single(sure.Plates).Consensus.CharacterConfidences.Min(), hit.ReadConfidence);
        Assert.True(hit.ReadConfidence < 1f);
    }

    [Fact]
    public void A_single_read_the_second_reader_contests_raises_no_watchlist_hit_until_another_frame_reads_the_same()
    {
        // 54-P4 887.1 at 40 px: the first reader reads 54P48871 at 0.88, under the 0.90 that asks for a second opinion,
        // and the second reader reads another plate. One such frame alerted the police about a wanted motorbike.
        var watchlist = new Watchlist([new WatchlistEntry("54P48871", "stolen", null)]);
        var stage = new PlateStage(models.TextLocator, models.CropReader(PlateGrammarMode.Vietnamese), watchlist,
            new PlateStageOptions { MinimumTrackHits = 1, FramesBetweenReads = 1, StopWhenStable = false }.WithGrammar(PlateGrammarMode.Vietnamese),
            ObjectClasses.Coco);
        using var frame = VehicleFrameAround("plates/vn_crops/1xemay1541.jpg", plateHeight: 40);

        var first = stage.Process(frame, [CarTrack(frame)], 1, DateTimeOffset.UnixEpoch);
        var consensus = Assert.Single(first.Plates).Consensus;
        Assert.Equal("54P48871", consensus.Text);
        Assert.False(consensus.IsValidPlate);
        Assert.Empty(first.NewWatchlistHits);

        var second = stage.Process(frame, [CarTrack(frame)], 2, DateTimeOffset.UnixEpoch.AddSeconds(0.1));
        Assert.Equal("54P48871", Assert.Single(second.NewWatchlistHits).Hit.Entry.PlateCharacters);
    }

    [Theory]
    [InlineData(TrackState.Tracked)]
    [InlineData(TrackState.Lost)]
    [InlineData(TrackState.Tentative)]
    public void A_motorbike_stopped_in_front_of_a_car_keeps_its_plate_and_the_car_reads_its_own(TrackState motorbikeState)
    {
        // The car's plate low on the left of its box, a motorbike's plate nearer the middle, inside the motorbike's smaller box. Ranked
        // by position alone, the car was read the motorbike's plate, and the car's red light named the motorbike's owner.
        var stage = new PlateStage(models.TextLocator, models.CropReader(PlateGrammarMode.Vietnamese), null,
            new PlateStageOptions { MinimumTrackHits = 1 }.WithGrammar(PlateGrammarMode.Vietnamese), ObjectClasses.Coco);
        using var frame = new Mat(480, 640, MatType.CV_8UC3, new Scalar(110, 110, 110));
        Paste(frame, "plates/vn_crops/3CarLongPlate941.jpg", height: 40, centreX: 150, top: 320);
        var motorbikePlate = Paste(frame, "plates/vn_crops/6xemay451.jpg", height: 90, centreX: 400, top: 330);
        var car = CarTrack(frame);
        var motorbike = new TrackSnapshot(2, ObjectClasses.Coco.Names.ToList().IndexOf("motorcycle"), ClassFamily.Vehicle,
            new BoundingBox(motorbikePlate.Left - 90, 200, motorbikePlate.Right + 90, 480), 0, 0, TimeSpan.FromSeconds(1), motorbikeState, 0.9f, 5,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

        var plates = stage.Process(frame, [car, motorbike], 1, DateTimeOffset.UnixEpoch).Plates.ToDictionary(plate => plate.TrackId, plate => plate.Consensus.Text);

        Assert.Equal("51F35613", plates[1]);
        if (motorbikeState == TrackState.Tracked)
        {
            // (A track not tracked in this frame is not read in it.)
            Assert.Equal("83H66954", plates[2]);
        }
    }

    [Fact]
    public void A_bicycle_is_never_read_the_plate_of_the_motorbike_beside_it()
    {
        // A cyclist level with a motorbike whose track was lost for a frame: the motorbike's plate lies inside the
        // bicycle's box. A bicycle carries no plate; read for it, the cyclist's red light named the motorbike's owner.
        var stage = new PlateStage(models.TextLocator, models.CropReader(PlateGrammarMode.Vietnamese), null,
            new PlateStageOptions { MinimumTrackHits = 1 }.WithGrammar(PlateGrammarMode.Vietnamese), ObjectClasses.Coco);
        using var frame = new Mat(480, 640, MatType.CV_8UC3, new Scalar(110, 110, 110));
        var motorbikePlate = Paste(frame, "plates/vn_crops/6xemay451.jpg", height: 90, centreX: 320, top: 330);
        var box = new BoundingBox(motorbikePlate.Left - 90, 200, motorbikePlate.Right + 90, 480);
        TrackSnapshot TwoWheeler(long id, string className) => new(id, ObjectClasses.Coco.Names.ToList().IndexOf(className), ClassFamily.Vehicle,
            box, 0, 0, TimeSpan.FromSeconds(1), TrackState.Tracked, 0.9f, 5, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

        Assert.Empty(stage.Process(frame, [TwoWheeler(1, "bicycle")], 1, DateTimeOffset.UnixEpoch).Plates);
        // The same box as a motorbike's is read: the plate is readable there.
        Assert.Equal("83H66954", Assert.Single(stage.Process(frame, [TwoWheeler(2, "motorcycle")], 2, DateTimeOffset.UnixEpoch).Plates).Consensus.Text);
    }

    [Fact]
    public void A_plate_detectors_tight_box_is_read_with_the_reading_margin_around_it()
    {
        // A YOLO plate detector's box hugs the plate; cut as is (the text locator's margins), the first and last characters
        // were clipped (tight boxes read 80.6 % exactly, with the 10 % margin 88.7 %: PlateCrop).
        var stage = new PlateStage(models.DetectorLocator, models.CropReader(), null, new PlateStageOptions { MinimumTrackHits = 1 }, ObjectClasses.Coco);
        using var frame = VehicleFrameAround("plates/vn_crops/3CarLongPlate941.jpg", plateHeight: 60);
        var box = models.DetectorLocator.Locate(frame)[0].Box;

        var observation = Assert.Single(stage.Process(frame, [CarTrack(frame)], 1, DateTimeOffset.UnixEpoch).Plates).Consensus.BestObservation;

        Assert.InRange(observation.CropWidth, box.Width * 1.2f - 2, box.Width * 1.2f + 2);
        Assert.InRange(observation.CropHeight, box.Height * 1.2f - 2, box.Height * 1.2f + 2);
    }

    [Fact]
    public void A_vehicle_with_a_plate_is_read_though_more_vehicles_without_one_than_a_frame_reads_are_in_view()
    {
        // Six large vehicles whose plate is never found (motorbikes coming towards the camera carry none in front) and
        // a smaller one with its plate showing; three vehicles are read a frame, each at most every second frame.
        var stage = new PlateStage(models.TextLocator, models.CropReader(), null, new PlateStageOptions { MinimumTrackHits = 1 }, ObjectClasses.Coco);
        using var frame = new Mat(500, 1400, MatType.CV_8UC3, new Scalar(110, 110, 110));
        Paste(frame, "plates/vn_crops/5PlateBaza296.jpg", 40, 1300, 400);
        List<TrackSnapshot> tracks = [.. Enumerable.Range(0, 6).Select(i => Track(i + 1, new BoundingBox(200 * i, 0, 200 * i + 200, 200))),
            Track(7, new BoundingBox(1200, 300, 1400, 480))];

        PlateStageResult result = null!;
        for (var sequence = 1; sequence <= 20; sequence++)
        {
            result = stage.Process(frame, tracks, sequence, DateTimeOffset.UnixEpoch.AddSeconds(sequence / 10.0));
        }

        // The Croatian plate ZG 4208-1, read right at this size.
        Assert.Equal("ZG42081", Assert.Single(result.Plates, plate => plate.TrackId == 7).Consensus.Text);
    }

    private static TrackSnapshot Track(long id, BoundingBox box) => new(
        id, ObjectClasses.Coco.Names.ToList().IndexOf("car"), ClassFamily.Vehicle, box, 0, 0,
        TimeSpan.FromSeconds(1), TrackState.Tracked, 0.9f, 5, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    /// <summary>A plate crop scaled to <paramref name="height"/> pixels, pasted with its top centre at the point; returns where it lies.</summary>
    private static BoundingBox Paste(Mat frame, string plateCrop, int height, int centreX, int top)
    {
        using var crop = TestAssets.SampleImage(plateCrop);
        using var larger = crop.Resize(new Size((int)Math.Round(crop.Width * (double)height / crop.Height), height), 0, 0, InterpolationFlags.Area);
        var left = centreX - (larger.Width / 2);
        using var target = new Mat(frame, new Rect(left, top, larger.Width, larger.Height));
        larger.CopyTo(target);
        return new BoundingBox(left, top, left + larger.Width, top + larger.Height);
    }

    [Fact]
    public void The_stage_refuses_a_crop_reader_of_another_grammar()
    {
        Assert.Throws<ArgumentException>(() => new PlateStage(models.TextLocator, models.CropReader(PlateGrammarMode.Vietnamese), null,
            new PlateStageOptions().WithGrammar(PlateGrammarMode.Generic), ObjectClasses.Coco));
    }

    /// <summary>The plate crop, twice its size, low on a grey 640×480 frame, as on the back of a car filling it.</summary>
    /// <param name="plateHeight">The plate's height in the frame; null: twice the crop's.</param>
    internal static Mat VehicleFrameAround(string plateCrop, int? plateHeight = null)
    {
        using var crop = TestAssets.SampleImage(plateCrop);
        using var larger = new Mat();
        var scale = plateHeight is { } height ? (double)height / crop.Height : 2;
        Cv2.Resize(crop, larger, new Size((int)Math.Round(crop.Width * scale), (int)Math.Round(crop.Height * scale)), 0, 0,
            scale < 1 ? InterpolationFlags.Area : InterpolationFlags.Cubic);
        var frame = new Mat(480, 640, MatType.CV_8UC3, new Scalar(110, 110, 110));
        using var target = new Mat(frame, new Rect((640 - larger.Width) / 2, 320, larger.Width, larger.Height));
        larger.CopyTo(target);
        return frame;
    }

    internal static TrackSnapshot CarTrack(Mat frame) => new(
        1, ObjectClasses.Coco.Names.ToList().IndexOf("car"), ClassFamily.Vehicle, new BoundingBox(0, 0, frame.Width, frame.Height), 0, 0,
        TimeSpan.FromSeconds(1), TrackState.Tracked, 0.9f, 5, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
}
