using Vision.Domain.Violations;
using Vision.Evidence.Verification;
using Vision.Pipeline.Cameras;
using Vision.Pipeline.Evidence;
using Vision.Pipeline.Tests.Evidence;
using Vision.Pipeline.Tests.Support.Rendering;
using Xunit.Abstractions;
using static Vision.Pipeline.Tests.StreetOrder.StreetOrderScenarios;

namespace Vision.Pipeline.Tests.StreetOrder;

/// <summary>
/// The street-order clips through the real camera pipeline. With one frame every 15 s and a one-minute stationary
/// window, a grid cell counts as occupied on the third frame it is covered (presence 1 − e^(−45/60) ≥ ½) and stops
/// two frames after it is cleared; an episode ends once the zone stayed under its limit for two minutes (8 frames).
/// </summary>
public sealed class StreetOrderClipTests(StreetOrderClipFixture clips, ITestOutputHelper output) : IClassFixture<StreetOrderClipFixture>
{
    [Fact]
    public void SidewalkStall_LeftForTwentyMinutes_IsOneEncroachmentCase_AndTheBicyclesCarriedPastOrSetOutBrieflyAreNone()
    {
        var (stall, frames) = Assert.Single(Cases(clips.Stall));
        var episode = stall.Episode!;

        // Set out at frame 8, occupied from frame 10; taken away at frame 88, still occupied on 88 and 89, free from 90; judged over 8 frames later.
        Assert.Equal((ViolationKind.SidewalkEncroachment, "left verge", "bicycle", 0L, "12.5.a"),
            (stall.Kind, stall.ZoneName, stall.ObjectClass, stall.TrackId, stall.Legal!.Code));
        Assert.Equal((StallSetOutFrame + 2L, StallTakenAwayFrame + 1L, (long?)(StallTakenAwayFrame + 10)),
            (episode.StartSequence, episode.EndSequence, episode.ClearedSequence));
        Assert.Equal(episode.EndSequence, stall.Sequence);
        Assert.Equal(TimeSpan.FromSeconds(15 * 79), episode.Duration);
        Assert.Equal(("occupied_share", 0.25), (episode.Measure, episode.Limit));
        Assert.InRange(episode.Peak, 0.3, 0.6);
        Assert.Contains(new Measurement("episode_duration", 15 * 79, "s"), stall.Measurements);

        // Time-lapse: the first frame, one a minute (4 frames), the last over the limit, the frame it was judged over.
        long[] lapse = [.. Enumerable.Range(0, 19).Select(i => StallSetOutFrame + 6L + 4 * i)];
        Assert.Equal([10L, .. lapse, 89L, 98L], stall.KeyFrames.Select(k => k.Sequence));
        Assert.Equal([KeyFrameRole.First, .. lapse.Select(_ => KeyFrameRole.TimeLapse), KeyFrameRole.At, KeyFrameRole.After], stall.KeyFrames.Select(k => k.Role));
        Assert.Equal(stall.KeyFrames.Select(k => k.Sequence), frames.Select(f => f.Sequence));
        Assert.All(frames, f => Assert.Equal(clips.Stall.Frames[(int)f.Sequence], f.Jpeg.ToArray()));
    }

    [Fact]
    public void MotorbikesParkedOneByOne_FormALot_WithItsPeakAndDuration_AndAMotorbikeStoppingForAMinuteIsNone()
    {
        var (lot, _) = Assert.Single(Cases(clips.ParkingLot));
        var episode = lot.Episode!;

        // The detector finds the first parked motorbike only once the second stands beside it (frame 14); the third parks
        // at frame 18 and stands still from frame 20: three parked, over the limit of two. All four leave at frame 80.
        Assert.Equal((ViolationKind.SidewalkParkingLot, "right kerb", "motorcycle", 1L, "12.5.e"),
            (lot.Kind, lot.ZoneName, lot.ObjectClass, lot.TrackId, lot.Legal!.Code));
        Assert.Equal((FirstParkedFrame + 2 * ParkingSpacingFrames + 2L, LotLeavesFrame - 1L, (long?)(LotLeavesFrame + 8)),
            (episode.StartSequence, episode.EndSequence, episode.ClearedSequence));
        Assert.Equal(("parked_vehicles", 2.0, 4.0), (episode.Measure, episode.Limit, episode.Peak));
        Assert.Equal(TimeSpan.FromSeconds(15 * 59), episode.Duration);
        Assert.Contains(new Measurement("peak_parked_vehicles", 4, "count"), lot.Measurements);
    }

    [Fact]
    public void TwoHorsesOnTheRoad_AreOneHerdCase_WithItsDuration_AndNoCasePerAnimal()
    {
        var (herd, _) = Assert.Single(Cases(clips.Herd));
        var episode = herd.Episode!;

        // YOLOX-nano calls these horses sheep, cow or horse from frame to frame; all are animal classes, and the herd is one case.
        Assert.Equal((ViolationKind.LooseCattle, "carriageway", 2L, "11.1.d"), (herd.Kind, herd.ZoneName, herd.TrackId, herd.Legal!.Code));
        Assert.Equal(((long)HerdFirstFrame, (long)HerdLastFrame, (long?)(HerdLastFrame + 31), 2.0),
            (episode.StartSequence, episode.EndSequence, episode.ClearedSequence, episode.Peak));
        Assert.Equal(TimeSpan.FromSeconds(HerdLastFrame - HerdFirstFrame), episode.Duration);
        Assert.Equal(["First", "At", "After"], herd.KeyFrames.Select(k => k.Role.ToString()));
    }

    [Fact]
    public void SidewalkOccupancy_IsReportedPerHour_ForTheStatistics()
    {
        var last = clips.Stall.Occupancy[^1];
        output.WriteLine(last.ToString());

        // 130 frames 15 s apart from 07:00 local (00:00 UTC): one UTC hour, reported every 5 minutes of capture time
        // (the last report at 30 minutes; the hour's final figures come when it ends).
        Assert.All(clips.Stall.Occupancy, r => Assert.Equal(("street", "left verge", StreetOrderClip.Start.ToUniversalTime()), (r.CameraId, r.ZoneName, r.HourStart)));
        Assert.Equal([300.0, 600, 900, 1200, 1500, 1800], clips.Stall.Occupancy.Select(r => r.ObservedSeconds));
        Assert.Equal(0, last.PeakParkedVehicles);
        Assert.InRange(last.OccupiedShareSeconds / last.ObservedSeconds, 0.15, 0.45);
        Assert.Equal(Cases(clips.Stall)[0].Candidate.Episode!.Peak, last.PeakShare);
    }

    [Fact]
    public void EncroachmentCase_GetsASignedPackage_WithTimeLapseChartAndZone_ThatVerifies()
    {
        var (stall, frames) = Cases(clips.Stall)[0];
        using var workspace = new EvidenceWorkspace();
        var camera = new CameraDefinition { Id = "street", Name = "Đường Lê Lợi (rendered)", ExpectedFramesPerSecond = 1 / 15.0, Latitude = 16.46, Longitude = 107.59 };

        var built = workspace.Builder.Build(stall, camera, frames, CancellationToken.None);

        Assert.NotNull(built.Reference);
        using var trusted = workspace.Key.CreateVerifier();
        var folder = workspace.Store.Locate(built.Reference.PackageId)!;
        var verification = PackageVerifier.Verify(folder, trusted);
        Assert.True(verification.IsValid, string.Join("; ", verification.Problems));
        var manifest = verification.Manifest!;
        Assert.Equal(stall.KeyFrames.Select(k => (k.Sequence, k.Role.ToString())), manifest.KeyFrames.Select(k => (k.Sequence, k.Role)));
        Assert.Equal((22, 10L, 98L, EvidencePackageBuilder.TimeLapseFramesPerSecond), (manifest.Clip!.FrameCount, manifest.Clip.FirstSequence, manifest.Clip.LastSequence, manifest.Clip.FramesPerSecond));
        Assert.Equal((10L, 89L, (long?)98, 15 * 79.0, "occupancy-chart.png"),
            (manifest.Episode!.Start.Sequence, manifest.Episode.End.Sequence, manifest.Episode.ClearedSequence, manifest.Episode.DurationSeconds, manifest.Episode.Chart));
        Assert.Equal(4, manifest.Episode.Zone.Count);
        Assert.Null(manifest.Plate);
        Assert.Contains(manifest.Files, f => f is { Name: "occupancy-chart.png", Role: "occupancy-chart" });
        using var chart = OpenCvSharp.Cv2.ImRead(Path.Combine(folder, "occupancy-chart.png"));
        Assert.Equal((OccupancyChart.Width, OccupancyChart.Height), (chart.Width, chart.Height));

        // Tampering with the chart is caught like any other file.
        File.WriteAllBytes(Path.Combine(folder, "occupancy-chart.png"), [1, 2, 3]);
        Assert.False(PackageVerifier.Verify(folder, trusted).IsValid);
    }

    private List<(ViolationCandidate Candidate, IReadOnlyList<Pipeline.Runtime.EncodedFrame> Frames)> Cases(StreetOrderClipFixture.Replay replay)
    {
        foreach (var (c, f) in replay.Cases)
        {
            output.WriteLine($"{c.Kind} {c.ObjectClass} zone {c.ZoneName} at {c.Sequence}: episode {c.Episode?.StartSequence}-{c.Episode?.EndSequence} cleared {c.Episode?.ClearedSequence} peak {c.Episode?.Peak} ({f.Count} frames)");
        }

        return [.. replay.Cases];
    }
}
