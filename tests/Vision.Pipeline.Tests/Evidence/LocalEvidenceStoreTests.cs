using Microsoft.Extensions.Time.Testing;
using Vision.Pipeline.Evidence;
using Vision.Pipeline.Tests.Support;

namespace Vision.Pipeline.Tests.Evidence;

public sealed class LocalEvidenceStoreTests : IDisposable
{
    private static readonly DateTimeOffset Captured = new(2026, 9, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly string _root = Directory.CreateTempSubdirectory("vision-store-").FullName;

    [Fact]
    public void Retention_DeletesPackagesOlderThan75Days_ButKeepsHeldOnesUntilReleased()
    {
        var clock = new FakeTimeProvider(Captured + TimeSpan.FromDays(75) - TimeSpan.FromMinutes(1));
        var store = new LocalEvidenceStore(_root, new EvidenceOptions().Retention, clock);
        var old = Store(store, "20260901T080000000Z_cam-1_redlight_t1_s10");
        var held = Store(store, "20260901T080000000Z_cam-1_redlight_t2_s20");
        var recent = Store(store, "20261001T080000000Z_cam-1_redlight_t3_s30");
        Assert.True(store.Hold(held));

        Assert.Empty(store.SweepExpired().Deleted);
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal([old], store.SweepExpired().Deleted);
        Assert.Null(store.Locate(old));
        Assert.NotNull(store.Locate(held));
        Assert.NotNull(store.Locate(recent));

        // The case closed: retention applies again.
        store.ReleaseHold(held);
        Assert.False(store.IsHeld(held));
        Assert.Equal([held], store.SweepExpired().Deleted);
        Assert.Equal([recent], Directory.GetDirectories(Path.Combine(_root, "packages")).Select(Path.GetFileName));
        Assert.Equal(0, EvidenceWorkspace.StagedDrafts(_root));
    }

    [Fact]
    public async Task AHoldArrivingWhileTheSweepRemovesThePackage_WaitsForTheSweep_AndIsRefused_NeverLeftOnDeletedEvidence()
    {
        var store = new LocalEvidenceStore(_root, new EvidenceOptions().Retention, new FakeTimeProvider(Captured + TimeSpan.FromDays(76)));
        var package = Store(store, "20260901T080000000Z_cam-1_redlight_t1_s10");
        var holdWaits = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        store.HoldWaiting = holdWaits.SetResult;
        Task<bool>? hold = null;
        store.SweepRemoving = id =>
        {
            // The sweep found the package expired and unheld; right now an officer confirms its violation. The sweep goes
            // on once that hold has finished or is waiting for the sweep.
            hold = Task.Run(() => store.Hold(id));
            Task.WaitAny(hold, holdWaits.Task);
        };

        var swept = store.SweepExpired().Deleted;

        Assert.Equal([package], swept);
        Assert.True(holdWaits.Task.IsCompleted, "the hold waited for the sweep");
        Assert.False(await hold!, "a package the sweep removed cannot be held");
        Assert.False(store.IsHeld(package));
    }

    [Fact]
    public void APackageThatCannotBeRemoved_IsReported_AndTheExpiredOnesAfterItAreStillRemoved()
    {
        var store = new LocalEvidenceStore(_root, new EvidenceOptions().Retention, new FakeTimeProvider(Captured + TimeSpan.FromDays(76)));
        var stuck = Store(store, "20260901T080000000Z_cam-1_redlight_t1_s10");
        var takenByAnotherNode = Store(store, "20260901T080000000Z_cam-1_redlight_t2_s20");
        var later = Store(store, "20260901T080000000Z_cam-1_redlight_t3_s30");
        store.SweepRemoving = id =>
        {
            if (id == stuck)
            {
                throw new IOException("Device or resource busy");
            }

            if (id == takenByAnotherNode)
            {
                // Another node's sweep of the shared store moved it between this sweep's listing and its lock.
                Directory.Delete(store.Locate(id)!, recursive: true);
            }
        };

        var sweep = store.SweepExpired();

        // The first package in order ended the round: the ones after it were kept past their retention, every round.
        Assert.Equal([later], sweep.Deleted);
        var failure = Assert.Single(sweep.Failed);
        Assert.Equal((stuck, "Device or resource busy"), (failure.PackageId, failure.Error.Message));
        Assert.NotNull(store.Locate(stuck));
        Assert.Null(store.Locate(takenByAnotherNode));
    }

    [Fact]
    public void APackageWhoseDeletionFailedAfterItWasMovedOutOfSight_IsDeletedByTheNextSweep()
    {
        // Another node still served a frame of it from the shared store (NFS leaves a .nfs file): the folder, already out
        // of packages/, stayed on disk until a restart while the log promised a retry.
        var store = new LocalEvidenceStore(_root, new EvidenceOptions().Retention, new FakeTimeProvider(Captured + TimeSpan.FromDays(76)));
        var package = Store(store, "20260901T080000000Z_cam-1_redlight_t1_s10");
        store.SweepDeleting = _ => throw new IOException("Directory not empty");

        var first = store.SweepExpired();
        store.SweepDeleting = null;
        var second = store.SweepExpired();

        Assert.Equal((0, package), (first.Deleted.Count, Assert.Single(first.Failed).PackageId));
        Assert.Null(store.Locate(package));
        Assert.Equal([package], second.Deleted);
        Assert.Empty(second.Failed);
        Assert.Equal(0, EvidenceWorkspace.StagedDrafts(_root));
    }

    [Fact]
    public void ARetentionLockThatCannotBeTaken_EndsTheRoundOnce_NotOncePerPackage()
    {
        var store = new LocalEvidenceStore(_root, new EvidenceOptions().Retention, new FakeTimeProvider(Captured + TimeSpan.FromDays(76)));
        Store(store, "20260901T080000000Z_cam-1_redlight_t1_s10");
        Store(store, "20260901T080000000Z_cam-1_redlight_t2_s20");
        var lockFile = Path.Combine(_root, "retention.lock");
        File.Delete(lockFile);
        Directory.CreateDirectory(lockFile);

        // The hosted service logs it once (SweepFailed); caught per package, it logged one error per expired package.
        var error = Record.Exception(() => store.SweepExpired());
        Assert.True(error is IOException or UnauthorizedAccessException, error?.ToString() ?? "no error");
    }

    [Fact]
    public void Retention_IsConfigurable()
    {
        var clock = new FakeTimeProvider(Captured + TimeSpan.FromDays(10) + TimeSpan.FromSeconds(1));
        var store = new LocalEvidenceStore(_root, TimeSpan.FromDays(10), clock);
        var package = Store(store, "20260901T080000000Z_cam-1_redlight_t1_s10");

        Assert.Equal([package], store.SweepExpired().Deleted);
    }

    [Fact]
    public void Hold_OfAnUnknownPackage_IsRefused()
    {
        var store = new LocalEvidenceStore(_root, TimeSpan.FromDays(75), new FakeTimeProvider(Captured));

        Assert.False(store.Hold("20260901T080000000Z_cam-1_redlight_t1_s10"));
        Assert.False(store.Hold("../../etc"));
        Assert.Null(store.Locate("../packages"));
    }

    [Fact]
    public async Task UnsealedOrAbandonedDrafts_NeverBecomePackages_AndWhatDeadProcessesLeftIsRemovedOnOpen()
    {
        var store = new LocalEvidenceStore(_root, TimeSpan.FromDays(75), new FakeTimeProvider(Captured));
        var ours = store.BeginPackage("20260901T080000000Z_cam-1_redlight_t1_s10");
        ours.WriteFile("keyframes/01-at-10.jpg", "key-frame", TestAssets.SampleBytes("images/vn_car_3.jpg"));
        using (var unsealed = store.BeginPackage("20260901T080000000Z_cam-1_redlight_t2_s20"))
        {
            Assert.Throws<InvalidOperationException>(() => store.Commit(unsealed));
        }

        // What a process that was killed left: its own staging folder, named after its (now unused) process id.
        var deadProcessId = await DeadProcessIdAsync();
        var crashed = Path.Combine(_root, ".staging", deadProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), "20260901T080000000Z_cam-1_redlight_t3_s30.abc");
        Directory.CreateDirectory(Path.Combine(crashed, "keyframes"));
        await File.WriteAllBytesAsync(Path.Combine(crashed, "keyframes", "01-at-30.jpg"), TestAssets.SampleBytes("images/vn_car_3.jpg"));
        Assert.Equal(2, EvidenceWorkspace.StagedDrafts(_root));

        var reopened = new LocalEvidenceStore(_root, TimeSpan.FromDays(75), new FakeTimeProvider(Captured));

        // The dead process's draft is gone; the live draft of this process is left to its owner.
        Assert.Equal(1, reopened.StagingLeftoversRemoved);
        Assert.False(Directory.Exists(Path.GetDirectoryName(crashed)));
        Assert.True(Directory.Exists(ours.Folder));
        Assert.Empty(Directory.GetDirectories(Path.Combine(_root, "packages")));
        ours.Dispose();
        Assert.Equal(0, EvidenceWorkspace.StagedDrafts(_root));
    }

    [Fact]
    public void DraftsLeftUnderThisProcesssOwnId_AreRemoved_WhenItsFirstStoreOpens()
    {
        // In a container the service is process 1 on every start: what "process 1" staged before a crash is a leftover.
        var leftover = Path.Combine(_root, ".staging", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "20260901T080000000Z_cam-1_redlight_t4_s40.abc");
        Directory.CreateDirectory(leftover);

        var store = new LocalEvidenceStore(_root, TimeSpan.FromDays(75), new FakeTimeProvider(Captured));

        Assert.Equal(1, store.StagingLeftoversRemoved);
        Assert.False(Directory.Exists(leftover));
    }

    private static async Task<int> DeadProcessIdAsync()
    {
        using var process = System.Diagnostics.Process.Start("true")!;
        await process.WaitForExitAsync();
        return process.Id;
    }

    [Fact]
    public void PackageIds_CarryTheCaptureTime_AndOnlySafeCharacters()
    {
        var frames = EvidenceSamples.PhotoFrames("images/vn_car_3.jpg", 1);
        var candidate = EvidenceSamples.RedLight(frames[0], new(10, 10, 100, 100), []);

        var id = PackageId.For(candidate);

        Assert.Equal("20261128T003000000Z_hue-le-loi-01_redlight_t7_s100", id);
        Assert.True(PackageId.IsWellFormed(id));
        Assert.True(PackageId.TryReadCaptureTime(id, out var captured));
        Assert.Equal(frames[0].CapturedAt, captured);
        Assert.False(PackageId.IsWellFormed("20261128T003000000Z/../x"));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string Store(LocalEvidenceStore store, string packageId)
    {
        using var draft = store.BeginPackage(packageId);
        draft.WriteFile("keyframes/01-at-10.jpg", "key-frame", TestAssets.SampleBytes("images/vn_car_3.jpg"));
        draft.Seal("{}"u8, [1, 2, 3]);
        Assert.True(store.Commit(draft));
        return packageId;
    }
}
