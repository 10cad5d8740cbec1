using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.Tests.Support;
using Vision.Pipeline.Tracking;
using Xunit.Abstractions;

namespace Vision.Pipeline.Tests.Tracking;

/// <summary>vtest.avi (795 frames of pedestrians) replayed twice through the real camera pipeline.</summary>
public sealed class VtestReplayFixture : IAsyncLifetime
{
    public IReadOnlyList<FrameResult> First { get; private set; } = [];

    public IReadOnlyList<FrameResult> Second { get; private set; } = [];

    public async Task InitializeAsync()
    {
        using var detector = new ObjectDetector(
            new DetectorOptions { ModelPath = "yolox_nano_coco_416.onnx", ConfidenceThreshold = 0.1f }, TestAssets.ModelDirectory);
        First = await ClipReplay.RunAsync(detector, "video/vtest.avi");
        Second = await ClipReplay.RunAsync(detector, "video/vtest.avi");
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

public sealed class VtestReplayTests(VtestReplayFixture replay, ITestOutputHelper output) : IClassFixture<VtestReplayFixture>
{
    [Fact]
    public void Replay_ProcessesEveryFrameInOrder_WithCaptureTimesFromTheClip()
    {
        Assert.Equal(795, replay.First.Count);
        Assert.Equal(Enumerable.Range(0, 795).Select(i => (long)i), replay.First.Select(r => r.Sequence));
        Assert.Equal(ClipReplay.ReplayStart + TimeSpan.FromSeconds(79.4), replay.First[^1].CapturedAt);
    }

    [Fact]
    public void Replay_Twice_GivesIdenticalTracks()
    {
        Assert.Equal(replay.First.Count, replay.Second.Count);
        for (var i = 0; i < replay.First.Count; i++)
        {
            Assert.Equal(replay.First[i].Detections, replay.Second[i].Detections);
            Assert.Equal(replay.First[i].Tracks, replay.Second[i].Tracks);
        }
    }

    [Fact]
    public void Tracker_FollowsTheHandLabelledPeople_WithFewIdentitySwitches()
    {
        var labels = IdentityLabels.Load();
        var trackOfPerson = new Dictionary<string, List<long>>();
        var matched = 0;
        var labelled = 0;
        foreach (var (frame, people) in labels.Frames.OrderBy(f => f.Key))
        {
            var tracks = replay.First[(int)frame].Tracks
                .Where(t => t.State == TrackState.Tracked && t.Family == ClassFamily.Person).ToList();
            foreach (var (person, box) in people)
            {
                labelled++;
                var best = tracks.OrderByDescending(t => t.Box.IntersectionOverUnion(box)).FirstOrDefault();
                if (tracks.Count > 0 && best.Box.IntersectionOverUnion(box) >= 0.5f)
                {
                    matched++;
                    trackOfPerson.TryAdd(person, []);
                    trackOfPerson[person].Add(best.TrackId);
                }
            }
        }

        var switches = trackOfPerson.Values.Sum(ids => ids.Zip(ids.Skip(1)).Count(pair => pair.First != pair.Second));
        var personTrackIds = replay.First.SelectMany(r => r.Tracks)
            .Where(t => t.Family == ClassFamily.Person && t.State == TrackState.Tracked).Select(t => t.TrackId).Distinct().Count();
        output.WriteLine($"labelled boxes {labelled}, matched by a confirmed track {matched}, identity switches {switches}, " +
                         $"person track ids over the clip {personTrackIds}");
        foreach (var (person, ids) in trackOfPerson.OrderBy(p => p.Key))
        {
            output.WriteLine($"  {person}: {string.Join(" ", ids)}");
        }

        // Measured: 75 of 83 boxes matched, 8 switches (swaps where B passes in front of C at ~105 and G in front of
        // the couple E/F at ~160, and new ids after the detector merged two people). The bounds sit just beyond.
        Assert.True(matched >= 74, $"only {matched} of {labelled} labelled boxes matched a confirmed track");
        Assert.True(switches <= 10, $"{switches} identity switches");
    }
}
