using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Vision.Domain.Geometry;
using Vision.Domain.Violations;
using Vision.Pipeline.Tests.Evidence;
using Vision.Service.Cases;
using Vision.Service.Security;
using Vision.Storage;
using Vision.Storage.Tests.Support;

namespace Vision.Service.Tests.Review;

/// <summary>The evidence hold a confirmation places: kept while the case is open, given back when the decision fails or the case closes.</summary>
public sealed class CaseReviewTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "vision-case-review-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly EvidenceWorkspace _evidence = new();

    [Fact]
    public async Task AConfirmationTheStoreFails_GivesItsEvidenceHoldBack_AndOneThatCommits_KeepsIt()
    {
        var (database, recorder, store, review) = await OpenAsync();
        var failing = await RecordWithPackageAsync(recorder, 1);
        var committing = await RecordWithPackageAsync(recorder, 2);

        // The confirmation's delivery cannot be queued (as on a full disk): the store rolls the decision back.
        await using (var connection = await database.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("CREATE TRIGGER refuse_delivery BEFORE INSERT ON deliveries BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;");
        }

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() =>
            review.DecideAsync(new ReviewDecision(failing.Violation, 1, "officer-7", ReviewStatus.Confirmed), CancellationToken.None));
        Assert.False(_evidence.Store.IsHeld(failing.Package));

        Assert.Equal(ReviewStatus.Pending, (await store.GetAsync(failing.Violation, CancellationToken.None))!.Status);
        await using (var connection = await database.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("DROP TRIGGER refuse_delivery;");
        }

        var confirmed = await review.DecideAsync(new ReviewDecision(committing.Violation, 1, "officer-7", ReviewStatus.Confirmed), CancellationToken.None);
        Assert.Equal(DecisionResultKind.Applied, confirmed.Kind);
        Assert.True(_evidence.Store.IsHeld(committing.Package));
    }

    [Fact]
    public async Task ARefusedDecisionOnAConfirmedCase_KeepsItsEvidenceHeld()
    {
        var (_, recorder, store, review) = await OpenAsync();
        var (violation, package) = await RecordWithPackageAsync(recorder, 1);
        Assert.Equal(DecisionResultKind.Applied, (await review.DecideAsync(new ReviewDecision(violation, 1, "officer-7", ReviewStatus.Confirmed), CancellationToken.None)).Kind);

        // A gRPC call with a plate too short to be one, then a late second confirmation of the version already decided.
        var invalid = await review.DecideAsync(new ReviewDecision(violation, 2, "officer-9", ReviewStatus.Corrected, CorrectedPlate: "AB"), CancellationToken.None);
        Assert.Equal(DecisionResultKind.Invalid, invalid.Kind);
        Assert.True(_evidence.Store.IsHeld(package));
        var late = await review.DecideAsync(new ReviewDecision(violation, 1, "officer-9", ReviewStatus.Confirmed), CancellationToken.None);

        Assert.NotEqual(DecisionResultKind.Applied, late.Kind);
        Assert.True(_evidence.Store.IsHeld(package));
        Assert.Equal(ReviewStatus.Confirmed, (await store.GetAsync(violation, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task AConfirmationArrivingAfterTheCaseClosed_DoesNotHoldItsEvidenceAgain()
    {
        var (_, recorder, _, review) = await OpenAsync();
        var (violation, package) = await RecordWithPackageAsync(recorder, 1);
        await review.DecideAsync(new ReviewDecision(violation, 1, "officer-7", ReviewStatus.Confirmed), CancellationToken.None);
        var supervisor = new VisionCaller("supervisor-1", "password", "Supervisor One");
        Assert.Equal(CaseClosureOutcome.Closed, (await review.CloseCaseAsync(violation, supervisor, "fine paid", CancellationToken.None)).Outcome);
        Assert.False(_evidence.Store.IsHeld(package));

        // A stale tab, or a retried call, confirming the version the officer saw before the case closed.
        var decision = new ReviewDecision(violation, 1, "officer-7", ReviewStatus.Confirmed);
        var late = await review.DecideAsync(decision, CancellationToken.None);

        Assert.NotEqual(DecisionResultKind.Applied, late.Kind);
        Assert.False(_evidence.Store.IsHeld(package));
        // It is the officer's own decision, saved: the closing's version bump made it "another officer decided first".
        Assert.True(late.IsRepeatOf(decision));
        Assert.False(late.IsRepeatOf(decision with { OfficerId = "officer-8" }));
        Assert.False(late.IsRepeatOf(decision with { Outcome = ReviewStatus.Rejected, RejectReason = RejectReason.NotAViolation }));
    }

    [Fact]
    public async Task APackageLinkedAfterItsViolationWasConfirmed_IsHeld()
    {
        var (_, recorder, store, review) = await OpenAsync();
        var caseRecorder = new CaseEvidenceRecorder(recorder, review);
        var candidate = ViolationSamples.Candidate(1, ViolationSamples.Morning.AddMinutes(1));
        // The package's build overran: the violation was stored without it, and an officer confirmed it meanwhile.
        await caseRecorder.RecordAsync(candidate, null, CancellationToken.None);
        await review.DecideAsync(new ReviewDecision(candidate.Id, 1, "officer-7", ReviewStatus.Confirmed), CancellationToken.None);

        var package = BuildPackage(1);
        await caseRecorder.RecordAsync(candidate, package, CancellationToken.None);

        Assert.Equal(package.PackageId, (await store.GetAsync(candidate.Id, CancellationToken.None))!.Evidence!.PackageId);
        Assert.True(_evidence.Store.IsHeld(package.PackageId));
    }

    public void Dispose()
    {
        _evidence.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private async Task<(ViolationDatabase Database, ViolationRecorder Recorder, ReviewStore Store, CaseReview Review)> OpenAsync()
    {
        var database = new ViolationDatabase(new SqliteDialect(Path.Combine(_folder, "vision.db"), TimeSpan.FromSeconds(10)),
            new FakeTimeProvider(ViolationSamples.Morning), NullLogger<ViolationDatabase>.Instance);
        await database.MigrateAsync(CancellationToken.None);
        var recorder = new ViolationRecorder(database, CameraPositions.None, new AlertSignal(), DeliveryTrigger.OnConfirmation, NullLogger<ViolationRecorder>.Instance);
        var store = new ReviewStore(database, DeliveryTrigger.OnConfirmation, NullLogger<ReviewStore>.Instance);
        return (database, recorder, store, new CaseReview(store, _evidence.Store));
    }

    private async Task<(string Violation, string Package)> RecordWithPackageAsync(ViolationRecorder recorder, long track)
    {
        var package = BuildPackage(track);
        var candidate = ViolationSamples.Candidate(track, ViolationSamples.Morning.AddMinutes(track));
        await recorder.RecordAsync(candidate, package, CancellationToken.None);
        return (candidate.Id, package.PackageId);
    }

    private EvidenceReference BuildPackage(long track)
    {
        var frames = EvidenceSamples.PhotoFrames("images/vn_car_3.jpg", 41);
        // A package of its own: another moment of the sample clip.
        var at = frames[15 + (5 * (int)track)];
        return _evidence.Builder.Build(EvidenceSamples.RedLight(at, new BoundingBox(166, 0, 780, 375), []), EvidenceSamples.Camera, frames,
            CancellationToken.None).Reference!;
    }
}
