using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Vision.Domain.Geometry;
using Vision.Pipeline.Tests.Evidence;
using Vision.Service.Cases;
using Vision.Storage;
using Vision.Storage.Tests.Support;

namespace Vision.Service.Tests.Review;

/// <summary>The evidence hold a confirmation places: kept with the confirmation, given back when the decision fails.</summary>
public sealed class CaseReviewTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "vision-case-review-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly EvidenceWorkspace _evidence = new();

    [Fact]
    public async Task AConfirmationTheStoreFails_GivesItsEvidenceHoldBack_AndOneThatCommits_KeepsIt()
    {
        var database = new ViolationDatabase(new SqliteDialect(Path.Combine(_folder, "vision.db"), TimeSpan.FromSeconds(10)),
            new FakeTimeProvider(ViolationSamples.Morning), NullLogger<ViolationDatabase>.Instance);
        await database.MigrateAsync(CancellationToken.None);
        var recorder = new ViolationRecorder(database, CameraPositions.None, new AlertSignal(), DeliveryTrigger.OnConfirmation, NullLogger<ViolationRecorder>.Instance);
        var review = new CaseReview(new ReviewStore(database, DeliveryTrigger.OnConfirmation, NullLogger<ReviewStore>.Instance), _evidence.Store);
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

        Assert.Equal(ReviewStatus.Pending, (await new ReviewStore(database, DeliveryTrigger.OnConfirmation, NullLogger<ReviewStore>.Instance)
            .GetAsync(failing.Violation, CancellationToken.None))!.Status);
        await using (var connection = await database.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("DROP TRIGGER refuse_delivery;");
        }

        var confirmed = await review.DecideAsync(new ReviewDecision(committing.Violation, 1, "officer-7", ReviewStatus.Confirmed), CancellationToken.None);
        Assert.Equal(DecisionResultKind.Applied, confirmed.Kind);
        Assert.True(_evidence.Store.IsHeld(committing.Package));
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

    private async Task<(string Violation, string Package)> RecordWithPackageAsync(ViolationRecorder recorder, long track)
    {
        var frames = EvidenceSamples.PhotoFrames("images/vn_car_3.jpg", 41);
        // A package of its own: another moment of the sample clip.
        var at = frames[15 + (5 * (int)track)];
        var package = _evidence.Builder.Build(EvidenceSamples.RedLight(at, new BoundingBox(166, 0, 780, 375), []), EvidenceSamples.Camera, frames,
            CancellationToken.None).Reference!;
        var candidate = ViolationSamples.Candidate(track, ViolationSamples.Morning.AddMinutes(track));
        await recorder.RecordAsync(candidate, package, CancellationToken.None);
        return (candidate.Id, package.PackageId);
    }
}
