using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Vision.Domain.Geometry;
using Vision.Domain.Inference;
using Vision.Domain.Plates;
using Vision.Domain.Plates.Consensus;
using Vision.Domain.Violations;
using Vision.Pipeline.Evidence;
using Vision.Pipeline.Inference;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Plates;
using Vision.Pipeline.Plates.Consensus;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.Tests.Support;

namespace Vision.Pipeline.Tests.Evidence;

/// <summary>A violation raised just before the process stops (waiting for the frames after it) is recorded by the next run.</summary>
public sealed class PendingViolationJournalTests
{
    private static readonly BoundingBox Car = new(166, 0, 780, 375);

    [Fact]
    public async Task ViolationRaisedButNotRecorded_BeforeAStop_IsRecordedByTheNextRun_WithEverythingItCarried()
    {
        using var workspace = new EvidenceWorkspace(time: TimeProvider.System);
        var frames = EvidenceSamples.PhotoFrames("images/vn_car_3.jpg", 5);
        var candidate = EvidenceSamples.RedLight(frames[2], Car, [new TrackPoint(1, frames[1].CapturedAt, Car)], Plate(frames[2]));
        using (var stopped = new RecordingViolationRecorder())
        {
            // Raised, then the process dies before the frames after it arrive: nothing recorded.
            new EvidenceRecorder(workspace.Builder, stopped, workspace.Options, TimeProvider.System, NullLogger<EvidenceRecorder>.Instance,
                new PendingViolationJournal(workspace.Store.RootDirectory)).Submit(candidate);
            Assert.Empty(stopped.Recorded);
        }

        var journal = new PendingViolationJournal(workspace.Store.RootDirectory);
        using var violations = new RecordingViolationRecorder();
        var next = new EvidenceRecorder(workspace.Builder, violations, workspace.Options, TimeProvider.System, NullLogger<EvidenceRecorder>.Instance, journal);
        using var stop = new CancellationTokenSource();
        var running = next.RunAsync(stop.Token);
        await violations.WaitForAsync(1, TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await running;

        var (recovered, evidence) = Assert.Single(violations.Recorded);
        Assert.Null(evidence);
        Assert.Equal(JsonSerializer.Serialize(candidate), JsonSerializer.Serialize(recovered));
        Assert.Equal(("75A18283", "75A-182.83"), (recovered.Plate!.Consensus.Text, recovered.Plate.Consensus.FormattedText));
        Assert.Empty(new PendingViolationJournal(workspace.Store.RootDirectory).LeftByEarlierRuns);
    }

    [Fact]
    public async Task ViolationWhosePackageWasSealedButNotRecorded_IsRecordedWithItsPackage()
    {
        using var workspace = new EvidenceWorkspace(time: TimeProvider.System);
        var frames = EvidenceSamples.PhotoFrames("images/vn_car_3.jpg", 41);
        var candidate = EvidenceSamples.RedLight(frames[20], Car, []);
        new PendingViolationJournal(workspace.Store.RootDirectory).Add(candidate);
        var sealedPackage = workspace.Builder.Build(candidate, EvidenceSamples.Camera, frames, CancellationToken.None).Reference!;

        using var violations = new RecordingViolationRecorder();
        var next = new EvidenceRecorder(workspace.Builder, violations, workspace.Options, TimeProvider.System, NullLogger<EvidenceRecorder>.Instance,
            new PendingViolationJournal(workspace.Store.RootDirectory));
        using var stop = new CancellationTokenSource();
        var running = next.RunAsync(stop.Token);
        await violations.WaitForAsync(1, TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await running;

        Assert.Equal(sealedPackage, Assert.Single(violations.Recorded).Evidence);
    }

    private static TrackPlate Plate(EncodedFrame at)
    {
        var read = new PlateRead("75A18283", [0.99f, 0.98f, 0.97f, 0.99f, 0.96f, 0.99f, 0.98f, 0.97f], new ModelIdentity("fast-plate-ocr", new string('c', 64)));
        var observation = new PlateObservation(read, "75A-182.83", true, at.Sequence - 1, at.CapturedAt, 120, 40, 310.5, new byte[] { 0xFF, 0xD8, 0xFF, 0xD9 });
        return new TrackPlate(7, new PlateConsensusResult("75A18283", "75A-182.83", true, 0.92, 5, observation, [new Vision.Domain.Plates.Consensus.PlateAlternative("75A18288", 0.08, 1)], true), []);
    }
}
