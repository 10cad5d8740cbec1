using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Vision.Domain.Geometry;
using Vision.Domain.Inference;
using Vision.Domain.Plates;
using Vision.Domain.Plates.Consensus;
using Vision.Domain.Violations;
using Vision.Pipeline.Evidence;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Runtime;

namespace Vision.Pipeline.Tests.Evidence;

/// <summary>The recorder's promises: every submitted violation is recorded, with its package, or without one when building failed.</summary>
public sealed class EvidenceRecorderTests
{
    private static readonly BoundingBox Car = new(166, 0, 780, 375);

    [Fact]
    public async Task EveryViolation_IsRecorded_WithItsOwnPackage_OnceTheFramesAfterItArrive()
    {
        using var workspace = new EvidenceWorkspace(options: new EvidenceOptions { ClipBefore = TimeSpan.FromSeconds(1), ClipAfter = TimeSpan.FromSeconds(1) },
            time: TimeProvider.System);
        using var violations = new RecordingViolationRecorder();
        var recorder = new EvidenceRecorder(workspace.Builder, violations, workspace.Options, TimeProvider.System, NullLogger<EvidenceRecorder>.Instance);
        var frames = EvidenceSamples.PhotoFrames("images/vn_car_3.jpg", 80);
        var (feed, history) = Camera(recorder, frames.Count);
        using var stop = new CancellationTokenSource();
        var building = recorder.RunAsync(stop.Token);

        // Twenty violations raised on frames 120..139, while the camera keeps going.
        Play(feed, history, frames, i =>
        {
            if (i is >= 20 and < 40)
            {
                recorder.Submit(EvidenceSamples.RedLight(frames[i], Car, []) with { TrackId = i });
            }
        });

        await violations.WaitForAsync(20, TimeSpan.FromSeconds(120));
        await stop.CancelAsync();
        await building;

        Assert.Equal(20, violations.Recorded.Count);
        Assert.All(violations.Recorded, r => Assert.NotNull(r.Evidence));
        Assert.Equal(20, violations.Recorded.Select(r => r.Evidence!.PackageId).Distinct().Count());
        Assert.Equal((20L, 0L, 0), (recorder.Built, recorder.RecordedWithoutEvidence, recorder.Waiting));
    }

    [Theory]
    [InlineData("75A1828", false, "75A18283", true, "75A18283")] // a weak read at the line, the plate read surely nearer
    [InlineData("75A18283", true, "75A1828", false, "75A18283")] // a valid plate is never traded for an invalid one
    [InlineData("75A18283", true, "75A12345", true, "75A18283")] // nor for another valid one (a neighbour's, after an id switch)
    public async Task AViolation_IsRecordedWithThePlateItsTrackHasOnceTheFramesAfterItAreIn(
        string atViolation, bool validAtViolation, string later, bool validLater, string recorded)
    {
        using var workspace = new EvidenceWorkspace(time: TimeProvider.System);
        using var violations = new RecordingViolationRecorder();
        var recorder = new EvidenceRecorder(workspace.Builder, violations, workspace.Options, TimeProvider.System, NullLogger<EvidenceRecorder>.Instance);
        var frames = EvidenceSamples.PhotoFrames("images/vn_car_3.jpg", 70);
        var (feed, history) = Camera(recorder, frames.Count);
        using var stop = new CancellationTokenSource();
        var building = recorder.RunAsync(stop.Token);
        var laterReader = new ModelIdentity("vision-vn-small-plates-v2", new string('c', 64));
        var candidate = EvidenceSamples.RedLight(frames[30], Car, [], Plate(atViolation, validAtViolation, 1, frames[30], new ModelIdentity("fast-plate-ocr", new string('b', 64))));
        var laterPlate = Plate(later, validLater, 4, frames[38], laterReader);

        for (var i = 0; i < frames.Count; i++)
        {
            history.Add(frames[i]);
            feed.Consume(Result(frames[i]) with { Plates = i >= 38 ? [laterPlate] : [] }, default);
            if (i == 30)
            {
                recorder.Submit(candidate);
            }
        }

        await violations.WaitForAsync(1, TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        await building;

        var (violation, evidence) = Assert.Single(violations.Recorded);
        Assert.NotNull(evidence);
        Assert.Equal(recorded, violation.Plate!.Consensus.Text);
        Assert.Equal(recorded == later, violation.Models.Contains(laterReader));

        static TrackPlate Plate(string text, bool valid, int reads, EncodedFrame frame, ModelIdentity reader)
        {
            var read = new PlateRead(text, [.. Enumerable.Repeat(valid ? 0.95f : 0.4f, text.Length)], reader);
            var observation = new PlateObservation(read, null, valid, frame.Sequence, frame.CapturedAt, 60, 30, 100, ReadOnlyMemory<byte>.Empty);
            return new TrackPlate(7, new PlateConsensusResult(text, null, valid, 1, reads, observation, [], valid), []) { Models = [reader] };
        }
    }

    [Fact]
    public async Task TheJournal_HoldsThePlateThePackageIsBuiltWith_SoARecoveryRecordsTheSame()
    {
        // No plate read as the motorbike crossed; 43A12345 read surely from the frames after it, and the package sealed
        // with it. The store away, the process dies: the journal still held the violation without a plate, and the next
        // start (or a cluster takeover) recorded "not read" beside a signed package showing 43A-123.45.
        using var workspace = new EvidenceWorkspace(time: TimeProvider.System);
        var journal = new PendingViolationJournal(workspace.Store.RootDirectory);
        var storeAway = true;
        using var violations = new RecordingViolationRecorder { Away = _ => Volatile.Read(ref storeAway) };
        var recorder = new EvidenceRecorder(workspace.Builder, violations, workspace.Options, TimeProvider.System, NullLogger<EvidenceRecorder>.Instance, journal);
        var frames = EvidenceSamples.PhotoFrames("images/vn_car_3.jpg", 70);
        var (feed, history) = Camera(recorder, frames.Count);
        using var stop = new CancellationTokenSource();
        var building = recorder.RunAsync(stop.Token);
        var reader = new ModelIdentity("vision-vn-small-plates-v2", new string('c', 64));
        var read = new PlateRead("43A12345", [.. Enumerable.Repeat(0.95f, 8)], reader);
        var later = new TrackPlate(7, new PlateConsensusResult("43A12345", "43A-123.45", true, 1, 4,
            new PlateObservation(read, "43A-123.45", true, frames[38].Sequence, frames[38].CapturedAt, 60, 30, 100, ReadOnlyMemory<byte>.Empty), [], true), []) { Models = [reader] };
        var candidate = EvidenceSamples.RedLight(frames[30], Car, []);

        for (var i = 0; i < frames.Count; i++)
        {
            history.Add(frames[i]);
            feed.Consume(Result(frames[i]) with { Plates = i >= 38 ? [later] : [] }, default);
            if (i == 30)
            {
                recorder.Submit(candidate);
            }
        }

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (workspace.Builder.StoredPackageOf(candidate) is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.NotNull(workspace.Builder.StoredPackageOf(candidate));
        // What a recovery reads (a takeover reads the camera's entries; a restart reads them all the same way).
        var recovered = Assert.Single(journal.PendingFor(candidate.CameraId));
        Assert.Equal("43A12345", recovered.Plate!.Consensus.Text);

        Volatile.Write(ref storeAway, false);
        await violations.WaitForAsync(1, TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        await building;
    }

    [Fact]
    public async Task ViolationWhosePackageCannotBeWritten_IsStillRecorded_WithoutEvidence()
    {
        using var workspace = new EvidenceWorkspace(time: TimeProvider.System);
        // The disk refuses: the staging area cannot be created.
        Directory.Delete(Path.Combine(workspace.Store.RootDirectory, ".staging"), recursive: true);
        await File.WriteAllTextAsync(Path.Combine(workspace.Store.RootDirectory, ".staging"), "not a folder");
        using var violations = new RecordingViolationRecorder();
        var recorder = new EvidenceRecorder(workspace.Builder, violations, workspace.Options, TimeProvider.System, NullLogger<EvidenceRecorder>.Instance);
        var frames = EvidenceSamples.PhotoFrames("images/vn_car_3.jpg", 70);
        var (feed, history) = Camera(recorder, frames.Count);
        using var stop = new CancellationTokenSource();
        var building = recorder.RunAsync(stop.Token);
        var candidate = EvidenceSamples.RedLight(frames[30], Car, []);

        PlaySubmitting(candidate, atFrame: 30, recorder, feed, history, frames);

        await violations.WaitForAsync(1, TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        await building;

        Assert.Equal((candidate, (EvidenceReference?)null), Assert.Single(violations.Recorded));
        Assert.Equal((0L, 1L), (recorder.Built, recorder.RecordedWithoutEvidence));
    }

    [Theory]
    [InlineData(".json.partial")]
    [InlineData(".json")]
    public async Task AViolationTheJournalCannotTakeOrLetGo_IsRecordedOnce_WithItsPackage_AndSoAreTheNext(string blockedEntry)
    {
        // A folder stands where the first violation's journal entry would be written (".json.partial": a full or failing
        // disk) or removed once recorded (".json": a disk remounted read-only). The removal threw inside the recording's
        // retries: the store took the violation again every few seconds for ever, and the one worker recorded no other.
        using var workspace = new EvidenceWorkspace(time: TimeProvider.System);
        var journal = new PendingViolationJournal(workspace.Store.RootDirectory);
        using var violations = new RecordingViolationRecorder();
        var recorder = new EvidenceRecorder(workspace.Builder, violations, workspace.Options, TimeProvider.System, NullLogger<EvidenceRecorder>.Instance, journal);
        var frames = EvidenceSamples.PhotoFrames("images/vn_car_3.jpg", 70);
        var (feed, history) = Camera(recorder, frames.Count);
        var blocked = EvidenceSamples.RedLight(frames[30], Car, []);
        var journaled = EvidenceSamples.RedLight(frames[31], Car, []) with { TrackId = 8 };
        var entry = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(blocked.Id)))[..32];
        Directory.CreateDirectory(Path.Combine(workspace.Store.RootDirectory, "pending", entry + blockedEntry));
        using var stop = new CancellationTokenSource();
        var building = recorder.RunAsync(stop.Token);

        Play(feed, history, frames, i =>
        {
            if (i == 30)
            {
                recorder.Submit(blocked);
                recorder.Submit(journaled);
                Assert.Single(journal.PendingFor(blocked.CameraId), pending => pending.Id == journaled.Id);
            }
        });

        await violations.WaitForAsync(2, TimeSpan.FromSeconds(60));
        // Long enough for a retry to record the first again.
        await Task.Delay(TimeSpan.FromSeconds(2));
        await stop.CancelAsync();
        await building;

        Assert.Equal(new[] { blocked.Id, journaled.Id }.Order(StringComparer.Ordinal), violations.Recorded.Select(r => r.Violation.Id).Order(StringComparer.Ordinal));
        Assert.All(violations.Recorded, r => Assert.NotNull(r.Evidence));
        Assert.False(recorder.HasUnrecorded(blocked.CameraId));
        Assert.Empty(journal.PendingFor(blocked.CameraId));
    }

    [Fact]
    public async Task APackageSealedAfterItsBuildsTimeLimit_IsGivenToTheViolationRecordedWithoutIt()
    {
        using var workspace = new EvidenceWorkspace();
        var clock = (FakeTimeProvider)workspace.Time;
        using var stalled = StallCommitPastBuildTimeout(workspace);
        using var violations = new RecordingViolationRecorder();
        var recorder = new EvidenceRecorder(workspace.Builder, violations, workspace.Options, clock, NullLogger<EvidenceRecorder>.Instance);
        var frames = EvidenceSamples.PhotoFrames("images/vn_car_3.jpg", 70);
        var (feed, history) = Camera(recorder, frames.Count);
        using var stop = new CancellationTokenSource();
        var building = recorder.RunAsync(stop.Token);
        var candidate = EvidenceSamples.RedLight(frames[30], Car, []);

        PlaySubmitting(candidate, atFrame: 30, recorder, feed, history, frames);

        await violations.WaitForAsync(1, TimeSpan.FromSeconds(60));
        Assert.Equal((candidate, (EvidenceReference?)null), Assert.Single(violations.Recorded));
        stalled.Set();
        await violations.WaitForAsync(2, TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        await building;

        var (violation, evidence) = violations.Recorded[1];
        Assert.Equal(candidate, violation);
        Assert.Equal(workspace.Builder.StoredPackageOf(candidate), evidence);
        Assert.Equal((0L, 1L), (recorder.Built, recorder.RecordedWithoutEvidence));
    }

    [Fact]
    public async Task APackageSealedLate_IsLinkedEvenWhenTheStoreIsAwayAtThatMoment_AndTheJournalKeepsTheViolationUntilThen()
    {
        using var workspace = new EvidenceWorkspace();
        var clock = (FakeTimeProvider)workspace.Time;
        using var stalled = StallCommitPastBuildTimeout(workspace);
        // The store takes the violation without evidence, then is away for the late link's first try.
        using var violations = new RecordingViolationRecorder { Away = calls => calls == 1 };
        var journal = new PendingViolationJournal(workspace.Store.RootDirectory);
        var recorder = new EvidenceRecorder(workspace.Builder, violations, workspace.Options, clock, NullLogger<EvidenceRecorder>.Instance, journal);
        var frames = EvidenceSamples.PhotoFrames("images/vn_car_3.jpg", 70);
        var (feed, history) = Camera(recorder, frames.Count);
        using var stop = new CancellationTokenSource();
        var building = recorder.RunAsync(stop.Token);
        var candidate = EvidenceSamples.RedLight(frames[30], Car, []);

        PlaySubmitting(candidate, atFrame: 30, recorder, feed, history, frames);

        await violations.WaitForAsync(1, TimeSpan.FromSeconds(60));
        // Recorded without its package, which may still seal: a process dying now must find it in the journal.
        Assert.Single(journal.PendingFor(candidate.CameraId), pending => pending.Id == candidate.Id);
        stalled.Set();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (violations.Recorded.Count < 2)
        {
            clock.Advance(TimeSpan.FromSeconds(1)); // the retry's wait
            await Task.Delay(50, patience.Token);
        }

        // The journal's entry goes once the link is recorded (just after the store took it).
        while (journal.PendingFor(candidate.CameraId).Count > 0)
        {
            await Task.Delay(20, patience.Token);
        }

        await stop.CancelAsync();
        await building;

        Assert.Equal((candidate, workspace.Builder.StoredPackageOf(candidate)), violations.Recorded[1]);
    }

    [Fact]
    public async Task AFeedWhoseCameraStoppedForGood_BuildsWhatWaited_AndIsLetGo_WithItsFrames()
    {
        // Each takeover of a camera on a node opens a new feed; a feed kept after its pipeline stopped kept its history of
        // frames for the life of the process.
        using var workspace = new EvidenceWorkspace(options: new EvidenceOptions { ClipBefore = TimeSpan.FromSeconds(1), ClipAfter = TimeSpan.FromSeconds(5) },
            time: TimeProvider.System);
        using var violations = new RecordingViolationRecorder();
        var recorder = new EvidenceRecorder(workspace.Builder, violations, workspace.Options, TimeProvider.System, NullLogger<EvidenceRecorder>.Instance);
        using var stop = new CancellationTokenSource();
        var building = recorder.RunAsync(stop.Token);
        var frames = EvidenceSamples.PhotoFrames("images/vn_car_3.jpg", 20);

        var history = PlayThenStopForGood(recorder, frames);

        // The violation waited for 5 s of frames that never came: built from the frames there were, at the stop.
        await violations.WaitForAsync(1, TimeSpan.FromSeconds(60));
        Assert.NotNull(Assert.Single(violations.Recorded).Evidence);
        Assert.Equal(0, recorder.Waiting);
        for (var i = 0; i < 10 && history.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            await Task.Delay(100);
        }

        Assert.False(history.IsAlive, "the stopped camera's frame history is still held");
        await stop.CancelAsync();
        await building;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference PlayThenStopForGood(EvidenceRecorder recorder, IReadOnlyList<EncodedFrame> frames)
    {
        var (feed, history) = Camera(recorder, frames.Count);
        Play(feed, history, frames, i =>
        {
            if (i == 15)
            {
                recorder.Submit(EvidenceSamples.RedLight(frames[i], Car, []));
            }
        });
        Assert.Equal(1, recorder.Waiting);
        feed.Complete();
        return new WeakReference(history);
    }

    private static (IFrameResultConsumer Feed, FrameHistory History) Camera(EvidenceRecorder recorder, int capacity)
    {
        var history = new FrameHistory(capacity);
        var feed = recorder.Open(new CameraStageContext(EvidenceSamples.Camera, history, new CameraEventHub(), ObjectClasses.Coco));
        return (feed, history);
    }

    /// <summary>The camera's frames, in order, through its evidence feed; <paramref name="afterFrame"/> runs after each (to raise violations).</summary>
    private static void Play(IFrameResultConsumer feed, FrameHistory history, IReadOnlyList<EncodedFrame> frames, Action<int> afterFrame)
    {
        for (var i = 0; i < frames.Count; i++)
        {
            history.Add(frames[i]);
            feed.Consume(Result(frames[i]), default);
            afterFrame(i);
        }
    }

    /// <summary>The camera's frames through its evidence feed, <paramref name="candidate"/> submitted after frame <paramref name="atFrame"/>.</summary>
    private static void PlaySubmitting(ViolationCandidate candidate, int atFrame, EvidenceRecorder recorder, IFrameResultConsumer feed, FrameHistory history,
        IReadOnlyList<EncodedFrame> frames) =>
        Play(feed, history, frames, i =>
        {
            if (i == atFrame)
            {
                recorder.Submit(candidate);
            }
        });

    /// <summary>The disk stalls as a sealed package is moved into place, past the build's time limit, until the event is set.</summary>
    private static ManualResetEventSlim StallCommitPastBuildTimeout(EvidenceWorkspace workspace)
    {
        var clock = (FakeTimeProvider)workspace.Time;
        var stalled = new ManualResetEventSlim();
        workspace.Store.Committing = _ =>
        {
            clock.Advance(workspace.Options.BuildTimeout + TimeSpan.FromSeconds(1));
            stalled.Wait(TimeSpan.FromMinutes(1));
        };
        return stalled;
    }

    private static FrameResult Result(EncodedFrame frame) =>
        new(frame.CameraId, frame.Sequence, frame.CapturedAt, FrameOutcome.Processed, 1200, 768, [], [], null, default);
}
