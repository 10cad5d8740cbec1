using Vision.Domain.Geometry;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Tracking;

namespace Vision.Pipeline.Tests.Tracking;

public sealed class MultiObjectTrackerTests
{
    private const double Fps = 25;
    private const int Person = 0;
    private const int Bicycle = 1;
    private const int Car = 2;
    private const int Motorcycle = 3;
    private const int Bus = 5;
    private const int Dog = 16;

    private static readonly DateTimeOffset Start = new(2025, 6, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void MultiObjectTracker_KeepsTheId_WhenABoxMovesSteadily()
    {
        var tracker = NewTracker();

        for (var frame = 0; frame < 50; frame++)
        {
            var box = Box(100 + 5 * frame, 200, 80, 50);
            var snapshot = Assert.Single(tracker.Update([new Detection(box, Car, 0.9f)], At(frame)));

            Assert.Equal(1, snapshot.TrackId);
            // The first frame of a stream is like any other: one confident detection starts a tentative track.
            Assert.Equal(frame == 0 ? TrackState.Tentative : TrackState.Tracked, snapshot.State);
            Assert.Equal(frame + 1, snapshot.Hits);
            Assert.Equal(Car, snapshot.ClassId);
            Assert.Equal(ClassFamily.Vehicle, snapshot.Family);
            Assert.Equal(Start, snapshot.FirstSeen);
            Assert.Equal(At(frame), snapshot.LastSeen);
            Assert.Equal(At(frame) - Start, snapshot.Age);
            Assert.True(snapshot.Box.IntersectionOverUnion(box) > 0.9f, $"frame {frame}: {snapshot.Box} vs {box}");
        }

        Assert.Equal(1, tracker.AliveCount);
    }

    [Fact]
    public void MultiObjectTracker_ConfirmsALaterTrack_AfterTwoHits_AndDropsAnUnconfirmedOne()
    {
        var tracker = NewTracker();
        Assert.Empty(tracker.Update([], At(0)));

        var first = Assert.Single(tracker.Update([Car90(Box(100, 100, 60, 40))], At(1)));
        Assert.Equal((1L, TrackState.Tentative, 1), (first.TrackId, first.State, first.Hits));

        var second = Assert.Single(tracker.Update([Car90(Box(102, 100, 60, 40))], At(2)));
        Assert.Equal((1L, TrackState.Tracked, 2), (second.TrackId, second.State, second.Hits));

        // A one-frame blip becomes tentative and disappears when it is not seen again.
        var blip = tracker.Update([Car90(Box(104, 100, 60, 40)), Car90(Box(600, 400, 60, 40))], At(3));
        Assert.Equal([(1L, TrackState.Tracked), (2L, TrackState.Tentative)], blip.Select(s => (s.TrackId, s.State)));
        var after = Assert.Single(tracker.Update([Car90(Box(106, 100, 60, 40))], At(4)));
        Assert.Equal(1, after.TrackId);
        Assert.Equal(1, tracker.AliveCount);
    }

    [Fact]
    public void MultiObjectTracker_KeepsBothIds_WhenTwoObjectsCrossPaths()
    {
        var tracker = NewTracker();

        for (var frame = 0; frame <= 40; frame++)
        {
            var rightward = Box(100 + 8 * frame, 300, 60, 60);
            var leftward = Box(420 - 8 * frame, 306, 60, 60); // level with the other at frame 20
            var snapshots = tracker.Update([Car90(leftward), Car90(rightward)], At(frame));

            // Track 1 started from the first detection of the list: the leftward box.
            Assert.Equal([1L, 2L], snapshots.Select(s => s.TrackId));
            Assert.All(snapshots, s => Assert.Equal(frame == 0 ? TrackState.Tentative : TrackState.Tracked, s.State));
            Assert.True(snapshots[0].Box.IntersectionOverUnion(leftward) > 0.9f, $"frame {frame}: {snapshots[0].Box} vs {leftward}");
            Assert.True(snapshots[1].Box.IntersectionOverUnion(rightward) > 0.9f, $"frame {frame}: {snapshots[1].Box} vs {rightward}");
        }
    }

    [Fact]
    public void MultiObjectTracker_FindsALostTrackAgain_WithTheSameId()
    {
        var tracker = NewTracker();
        for (var frame = 0; frame < 20; frame++)
        {
            tracker.Update([Car90(Box(100 + 5 * frame, 200, 80, 50))], At(frame));
        }

        var previousLeft = 0f;
        for (var frame = 20; frame < 25; frame++)
        {
            var lost = Assert.Single(tracker.Update([], At(frame)));
            Assert.Equal((1L, TrackState.Lost, 20), (lost.TrackId, lost.State, lost.Hits));
            Assert.Equal(At(19), lost.LastSeen);
            Assert.True(lost.Box.Left > previousLeft, "a lost track's box follows its predicted motion");
            Assert.Equal(100 + 5 * frame, lost.Box.Left, 2f);
            previousLeft = lost.Box.Left;
        }

        var found = Assert.Single(tracker.Update([Car90(Box(100 + 5 * 25, 200, 80, 50))], At(25)));
        Assert.Equal((1L, TrackState.Tracked, 21), (found.TrackId, found.State, found.Hits));
        Assert.Equal(1, tracker.AliveCount);
    }

    [Fact]
    public void MultiObjectTracker_GivesANewId_WhenATrackIsLostLongerThanTheBuffer()
    {
        var tracker = NewTracker();
        var box = Box(300, 300, 80, 50);
        for (var frame = 0; frame < 10; frame++)
        {
            tracker.Update([Car90(box)], At(frame));
        }

        // Last seen at frame 9; the 1 s buffer runs out after frame 34 (exactly 1 s later).
        for (var frame = 10; frame <= 34; frame++)
        {
            Assert.Equal(TrackState.Lost, Assert.Single(tracker.Update([], At(frame))).State);
        }

        Assert.Empty(tracker.Update([], At(35)));
        Assert.Equal(0, tracker.AliveCount);

        var reborn = Assert.Single(tracker.Update([Car90(box)], At(36)));
        Assert.Equal((2L, TrackState.Tentative), (reborn.TrackId, reborn.State));
        reborn = Assert.Single(tracker.Update([Car90(box)], At(37)));
        Assert.Equal((2L, TrackState.Tracked), (reborn.TrackId, reborn.State));
    }

    [Fact]
    public void MultiObjectTracker_ContinuesATrackWithLowConfidenceDetections_AndStartsOneOnlyFromConsistentFairScores()
    {
        var tracker = NewTracker();
        for (var frame = 0; frame < 10; frame++)
        {
            tracker.Update([Car90(Box(100 + 4 * frame, 200, 80, 50))], At(frame));
        }

        for (var frame = 10; frame < 20; frame++)
        {
            var dim = new Detection(Box(100 + 4 * frame, 200, 80, 50), Car, 0.3f);
            var flicker = new Detection(Box(700, 500, 80, 50), Car, frame % 2 == 0 ? 0.45f : 0.2f);
            var snapshots = tracker.Update([dim, flicker], At(frame));

            Assert.Equal((1L, TrackState.Tracked, 0.3f, frame + 1), (snapshots[0].TrackId, snapshots[0].State, snapshots[0].Confidence, snapshots[0].Hits));
            // A fair score every other frame is not consistent: tentative for one frame each time, never confirmed.
            Assert.All(snapshots.Skip(1), s => Assert.Equal(TrackState.Tentative, s.State));
        }

        // Three consecutive fair scores (0.3 to 0.6) confirm a track; scores below 0.3 never start one.
        var fresh = NewTracker();
        for (var frame = 0; frame < 5; frame++)
        {
            var snapshots = fresh.Update(
                [new Detection(Box(100, 100, 50, 50), Car, 0.55f), new Detection(Box(400, 100, 50, 50), Car, 0.3f), new Detection(Box(700, 100, 50, 50), Car, 0.25f)],
                At(frame));
            var expected = frame < 2 ? TrackState.Tentative : TrackState.Tracked;
            Assert.Equal([(1L, expected), (2L, expected)], snapshots.Select(s => (s.TrackId, s.State)));
        }
    }

    [Fact]
    public void MultiObjectTracker_DoesNotStartATwinTrack_FromAWeakerBoxOfATrackedObject()
    {
        var tracker = NewTracker();
        for (var frame = 0; frame < 6; frame++)
        {
            // The detector's bus and car boxes of one van (class-aware NMS keeps both).
            var snapshots = tracker.Update([new Detection(Box(300, 300, 120, 160), Car, 0.7f), new Detection(Box(302, 298, 118, 162), Bus, 0.45f)], At(frame));
            Assert.Equal(1L, Assert.Single(snapshots).TrackId);
        }
    }

    [Fact]
    public void MultiObjectTracker_DoesNotStartATwinTrack_FromASecondConfidentBoxOfOneObject_ButTracksTwoVehiclesSideBySide()
    {
        const int Truck = 7;
        var tracker = NewTracker();
        for (var frame = 0; frame < 6; frame++)
        {
            // One van boxed as car 0.75 and truck 0.65: both confident, and the second made a twin track (two violations).
            // Beside it, two motorbikes whose boxes overlap a little are two tracks.
            var snapshots = tracker.Update(
            [
                new Detection(Box(300 + 4 * frame, 300, 120, 160), Car, 0.75f), new Detection(Box(303 + 4 * frame, 297, 116, 164), Truck, 0.65f),
                new Detection(Box(600, 400, 40, 70), Motorcycle, 0.8f), new Detection(Box(630, 405, 40, 70), Motorcycle, 0.8f),
            ], At(frame));

            Assert.Equal(3, snapshots.Length);
            Assert.Single(snapshots, snapshot => snapshot.Family == ClassFamily.Vehicle && snapshot.Box.Width > 100);
        }
    }

    [Fact]
    public void MultiObjectTracker_DoesNotContinueATrack_WithADetectionBelowLowConfidence()
    {
        var tracker = NewTracker();
        tracker.Update([Car90(Box(100, 200, 80, 50))], At(0));
        tracker.Update([Car90(Box(100, 200, 80, 50))], At(1));

        var snapshot = Assert.Single(tracker.Update([new Detection(Box(100, 200, 80, 50), Car, 0.05f)], At(2)));

        Assert.Equal((1L, TrackState.Lost, 2), (snapshot.TrackId, snapshot.State, snapshot.Hits));
    }

    [Fact]
    public void MultiObjectTracker_ReportsVelocityInPixelsPerSecond()
    {
        var tracker = NewTracker();
        TrackSnapshot snapshot = default;
        for (var frame = 0; frame < 60; frame++)
        {
            snapshot = Assert.Single(tracker.Update([Car90(Box(100 + 5 * frame, 200 - 2 * frame, 80, 50))], At(frame)));
        }

        Assert.Equal(125, snapshot.VelocityX, 2.5f);
        Assert.Equal(-50, snapshot.VelocityY, 2.5f);
    }

    [Fact]
    public void MultiObjectTracker_FollowsAChangeOfSpeed_AsQuicklyAtALowFrameRate()
    {
        // The motion noise is per second, so a 10 fps camera adapts to a walker speeding up from 40 to 80 px/s within a
        // second; with ByteTrack's per-frame noise applied per 10 fps frame the velocity would still lag far behind.
        var tracker = new MultiObjectTracker(new TrackerOptions(), ObjectClasses.Coco, 10);
        var x = 100f;
        TrackSnapshot snapshot = default;
        for (var frame = 0; frame < 40; frame++)
        {
            x += frame < 30 ? 4 : 8;
            snapshot = Assert.Single(tracker.Update([new Detection(Box(x, 200, 30, 80), Person, 0.9f)], Start.AddMilliseconds(100 * frame)));
        }

        Assert.Equal(1, snapshot.TrackId);
        Assert.Equal(80, snapshot.VelocityX, 8f);
    }

    [Fact]
    public void MultiObjectTracker_EndsLostTracks_WhenTheCaptureTimeStopsAdvancing()
    {
        // A gateway whose clock is stuck sends every frame with one capture time: measured in time no lost track ever
        // aged, and every vehicle that left stayed alive (its state in every rule, the assignment growing with them).
        var tracker = NewTracker();
        var mostAlive = 0;
        for (var frame = 0; frame < 3000; frame++)
        {
            var car = frame / 5;
            tracker.Update([Car90(Box(60 * (car % 30), 60 * (car / 30), 40, 40))], Start);
            mostAlive = Math.Max(mostAlive, tracker.AliveCount);
        }

        Assert.InRange(mostAlive, 1, 60);
    }

    [Fact]
    public void MultiObjectTracker_KeepsTheId_WhenFramesAreSkipped()
    {
        var tracker = NewTracker();
        // A narrow box moving 10 px a frame: after two dropped frames it has moved 30 px, more than its width, so only a
        // prediction stepped by the capture time still overlaps it.
        for (var frame = 0; frame < 30; frame++)
        {
            tracker.Update([Car90(Box(100 + 10 * frame, 200, 20, 40))], At(frame))
                .ToList().ForEach(s => Assert.Equal(1, s.TrackId));
        }

        var snapshot = Assert.Single(tracker.Update([Car90(Box(100 + 10 * 32, 200, 20, 40))], At(32)));
        Assert.Equal((1L, TrackState.Tracked), (snapshot.TrackId, snapshot.State));
        Assert.Equal(250, snapshot.VelocityX, 10f);

        // Irregular spacing: 30 ms then 50 ms, still 10 px per nominal 40 ms frame.
        snapshot = Assert.Single(tracker.Update([Car90(Box(100 + 10 * 32.75f, 200, 20, 40))], At(32).AddMilliseconds(30)));
        Assert.Equal(1, snapshot.TrackId);
        snapshot = Assert.Single(tracker.Update([Car90(Box(100 + 10 * 34, 200, 20, 40))], At(34)));
        Assert.Equal((1L, TrackState.Tracked), (snapshot.TrackId, snapshot.State));
    }

    [Fact]
    public void MultiObjectTracker_ConfirmsAMotorbikeCrossingFast_AtTenFramesASecond()
    {
        // A motorbike with its rider, 45 px wide, crossing at 25 px a frame: consecutive boxes overlap by IoU 0.29, under
        // the tentative gate, and a new tentative track with no velocity yet started every frame.
        var tracker = new MultiObjectTracker(new TrackerOptions(), ObjectClasses.Coco, 10);
        var snapshots = Enumerable.Range(0, 6)
            .Select(frame => Assert.Single(tracker.Update([new Detection(Box(100 + 25 * frame, 300, 45, 112), Motorcycle, 0.75f)],
                Start.AddMilliseconds(100 * frame))))
            .ToList();

        Assert.All(snapshots, snapshot => Assert.Equal(1, snapshot.TrackId));
        Assert.Equal(TrackState.Tracked, snapshots[^1].State);
    }

    [Fact]
    public void MultiObjectTracker_ContinuesNoTrack_AcrossAGapInTheFramesLongerThanALostTrackIsKept()
    {
        // A motorbike waits at the stop line; the feed stops for 20 s; a motorbike waits there when it comes back.
        var tracker = NewTracker();
        for (var frame = 0; frame < 10; frame++)
        {
            tracker.Update([new Detection(Box(400, 300, 40, 90), Motorcycle, 0.9f)], At(frame));
        }

        var after = Assert.Single(tracker.Update([new Detection(Box(400, 300, 40, 90), Motorcycle, 0.9f)], At(9).AddSeconds(20)));

        Assert.Equal((2L, 1), (after.TrackId, after.Hits));
    }

    [Fact]
    public void MultiObjectTracker_StartsAgain_WhenTheCamerasClockIsSetBack_AndFollowsObjectsOnTheNewTime()
    {
        var tracker = NewTracker();
        for (var frame = 0; frame < 20; frame++)
        {
            tracker.Update([Car90(Box(100 + 10 * frame, 200, 60, 40))], At(frame));
        }

        // The clock is corrected back by a minute; the car goes on moving 10 px a frame.
        var ids = Enumerable.Range(20, 30)
            .Select(frame => Assert.Single(tracker.Update([Car90(Box(100 + 10 * frame, 200, 60, 40))], At(frame).AddMinutes(-1))))
            .Select(snapshot => (snapshot.TrackId, snapshot.State))
            .ToList();

        // One new track, followed on the new time line (it moved and its box was not left behind).
        Assert.Equal(2L, ids[0].TrackId);
        Assert.All(ids, id => Assert.Equal(2L, id.TrackId));
        Assert.Equal(TrackState.Tracked, ids[^1].State);
    }

    [Fact]
    public void MultiObjectTracker_KeepsTheId_WhenTheClassFlipsWithinAFamily_AndReportsTheStrongestClass()
    {
        var tracker = NewTracker();
        var box = Box(300, 300, 40, 60);
        tracker.Update([new Detection(box, Motorcycle, 0.7f)], At(0));
        tracker.Update([new Detection(box, Bicycle, 0.8f)], At(1));
        var snapshot = Assert.Single(tracker.Update([new Detection(box, Bicycle, 0.6f)], At(2)));
        Assert.Equal((1L, Bicycle), (snapshot.TrackId, snapshot.ClassId)); // bicycle 1.4 beats motorcycle 0.7

        tracker.Update([new Detection(box, Motorcycle, 0.9f)], At(3));
        snapshot = Assert.Single(tracker.Update([new Detection(box, Motorcycle, 0.9f)], At(4)));
        Assert.Equal((1L, Motorcycle, 5), (snapshot.TrackId, snapshot.ClassId, snapshot.Hits)); // motorcycle 2.5 beats 1.4
    }

    [Fact]
    public void MultiObjectTracker_NeverMatchesAcrossClassFamilies()
    {
        var tracker = NewTracker();
        var box = Box(300, 300, 60, 60);
        tracker.Update([new Detection(box, Car, 0.9f)], At(0));
        tracker.Update([new Detection(box, Car, 0.9f)], At(1));

        var snapshots = tracker.Update([new Detection(box, Person, 0.9f)], At(2));

        Assert.Equal(
            [(1L, ClassFamily.Vehicle, TrackState.Lost), (2L, ClassFamily.Person, TrackState.Tentative)],
            snapshots.Select(s => (s.TrackId, s.Family, s.State)));

        snapshots = tracker.Update([new Detection(box, Dog, 0.9f), new Detection(box, Car, 0.9f)], At(3));

        Assert.Equal(
            [(1L, ClassFamily.Vehicle, TrackState.Tracked), (3L, ClassFamily.Animal, TrackState.Tentative)],
            snapshots.Select(s => (s.TrackId, s.Family, s.State)));
    }

    [Fact]
    public void MultiObjectTracker_IsDeterministic()
    {
        var scene = BusyScene();

        var first = Run(scene);
        var second = Run(scene);

        Assert.Equal(first.Count, second.Count);
        for (var frame = 0; frame < first.Count; frame++)
        {
            Assert.Equal(first[frame], second[frame]);
        }

        Assert.Contains(first, snapshots => snapshots.Any(s => s.State == TrackState.Lost));
        Assert.Contains(first, snapshots => snapshots.Any(s => s.State == TrackState.Tentative));
    }

    [Fact]
    public void MultiObjectTracker_ReturnsASnapshotThatLaterFramesLeaveAsItWas()
    {
        var tracker = NewTracker();

        var first = tracker.Update([Car90(Box(100, 100, 50, 50))], At(0));
        var kept = first.ToArray();
        var second = tracker.Update([Car90(Box(102, 100, 50, 50)), Car90(Box(400, 300, 50, 50))], At(1));
        tracker.Update([], At(2));

        Assert.Equal(kept, first);
        Assert.Equal(2, second.Length);
        Assert.Equal(TrackState.Tentative, Assert.Single(first).State);
    }

    [Fact]
    public void MultiObjectTracker_Throws_OnAnUnknownClassId()
    {
        var tracker = NewTracker();

        Assert.Throws<ArgumentException>(() => tracker.Update([new Detection(Box(0, 0, 10, 10), 80, 0.9f)], At(0)));
    }

    private static List<TrackSnapshot[]> Run(List<Detection[]> scene)
    {
        var tracker = NewTracker();
        var results = new List<TrackSnapshot[]>();
        for (var frame = 0; frame < scene.Count; frame++)
        {
            results.Add([.. tracker.Update(scene[frame], At(frame))]);
        }

        return results;
    }

    // Ten objects of three families on scripted paths, with dropouts, dim frames and crossing paths.
    private static List<Detection[]> BusyScene()
    {
        int[] classes = [Car, Person, Dog, Motorcycle, Car, Person, Bicycle, Car, Dog, Person];
        var scene = new List<Detection[]>();
        for (var frame = 0; frame < 120; frame++)
        {
            var detections = new List<Detection>();
            for (var k = 0; k < classes.Length; k++)
            {
                if ((frame + 3 * k) % 23 < 2)
                {
                    continue; // missed detection
                }

                var x = 50 + 90 * k + (k % 2 == 0 ? 4 : -3) * frame;
                var y = 100 + 30 * k + 2 * MathF.Sin(frame * 0.3f + k);
                var score = (frame + k) % 9 == 0 ? 0.35f : 0.6f + 0.03f * ((frame * 7 + k) % 10);
                detections.Add(new Detection(Box(x, y, 50 + 2 * k, 40), classes[k], score));
            }

            scene.Add([.. detections]);
        }

        return scene;
    }

    private static MultiObjectTracker NewTracker() => new(new TrackerOptions(), ObjectClasses.Coco, Fps);

    private static DateTimeOffset At(int frame) => Start.AddTicks(frame * TimeSpan.TicksPerSecond / 25);

    private static BoundingBox Box(float left, float top, float width, float height) => new(left, top, left + width, top + height);

    private static Detection Car90(BoundingBox box) => new(box, Car, 0.9f);
}
