using Dapper;
using Microsoft.Extensions.Time.Testing;
using Vision.Domain.Geography;
using Vision.Domain.Plates.Consensus;
using Vision.Domain.StreetOrder;
using Vision.Domain.Triage;
using Vision.Domain.Violations;
using Vision.Storage.Schema;
using Vision.Storage.Tests.Support;
using static Vision.Storage.Tests.Support.ViolationSamples;

namespace Vision.Storage.Tests;

/// <summary>The behaviour every engine must show; run once on SQLite and once on PostgreSQL.</summary>
public abstract class StoreContractTests
{
    protected abstract Task<SqlDialect> CreateDialectAsync();

    private async Task<StoreUnderTest> NewStoreAsync(DeliveryTrigger trigger = DeliveryTrigger.OnConfirmation)
    {
        var store = new StoreUnderTest(await CreateDialectAsync(), new FakeTimeProvider(Morning.AddMinutes(1)), trigger);
        Assert.Equal(Vision.Storage.Schema.SchemaMigrations.All[^1].Version, await store.Database.MigrateAsync(CancellationToken.None));
        return store;
    }

    private static async Task<long> CountAsync(StoreUnderTest store, string sql)
    {
        await using var connection = await store.Database.OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    [Fact]
    public async Task Migrate_IsAppliedOnce_AndRerunsAsNoOp()
    {
        var store = await NewStoreAsync();
        var latest = Vision.Storage.Schema.SchemaMigrations.All[^1].Version;
        Assert.Equal(latest, await store.Database.MigrateAsync(CancellationToken.None));
        Assert.Equal(Vision.Storage.Schema.SchemaMigrations.All.Count, await CountAsync(store, "SELECT COUNT(*) FROM schema_version"));
    }

    [Fact]
    public async Task Record_KeepsEverything_InOneRow_AndTheSameIdTwiceStoresOnce()
    {
        var store = await NewStoreAsync();
        var candidate = Candidate(7, Morning);
        var evidence = new EvidenceReference("pkg-7", new string('d', 64));

        Assert.True(await store.Recorder.TryRecordAsync(candidate, evidence, CancellationToken.None));
        Assert.False(await store.Recorder.TryRecordAsync(candidate, evidence, CancellationToken.None));

        var stored = await store.Review.GetAsync(candidate.Id, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal("hue-le-loi-1:RedLight:20261128T012959000Z-7:70", stored.Id);
        Assert.Equal(ViolationKind.RedLight, stored.Kind);
        Assert.Equal(Morning, stored.OccurredAt);
        Assert.Equal(Morning.AddMinutes(1), stored.RecordedAt);
        Assert.Equal(new GeoPosition(16.4637, 107.5909), stored.Position);
        Assert.Equal("7.7.c", stored.Legal!.Code);
        Assert.Equal(new FineRange(4_000_000, 6_000_000), stored.Legal.Fine);
        Assert.Equal(candidate.Provenance, stored.Provenance);
        Assert.Equal([Detector, PlateReader], stored.Models);
        Assert.Equal(candidate.Measurements, stored.Measurements);
        Assert.Equal("75H142599", stored.PlateText);
        Assert.Equal("75-H1 425.99", stored.PlateFormatted);
        Assert.Equal([new StoredPlateRead(0, "75H142599", 0.8, 8), new StoredPlateRead(1, "75H142598", 0.15, 2), new StoredPlateRead(2, "75H142569", 0.05, 1)],
            stored.PlateReads);
        Assert.Equal([0.875f, 0.875f, 0.875f, 0.875f, 0.875f, 0.875f, 0.875f, 0.875f, 0.625f], stored.PlateCharacterConfidences);
        Assert.Equal(evidence, stored.Evidence);
        Assert.Equal(candidate.KeyFrames, stored.Details.KeyFrames);
        Assert.Equal(candidate.Path, stored.Details.Path);
        Assert.Equal(candidate.LightTimeline, stored.Details.LightTimeline);
        Assert.Equal([1007L], stored.Details.RelatedTrackIds);
        Assert.Equal(candidate.Box, stored.Details.Box);
        Assert.Equal(ReviewStatus.Pending, stored.Status);
        Assert.Equal(1, stored.Version);
        Assert.Null(stored.Delivery);

        var audit = await store.Review.GetAuditAsync(candidate.Id, CancellationToken.None);
        Assert.Equal("recorded", Assert.Single(audit).Action);
        var alert = Assert.Single(await store.Alerts.ReadAfterAsync(0, 100, CancellationToken.None));
        Assert.Equal((AlertKind.Violation, candidate.Id, "75-H1 425.99"), (alert.Kind, alert.ViolationId, alert.PlateText));
        Assert.Equal(1, await CountAsync(store, "SELECT COUNT(*) FROM violations"));
        Assert.Equal(3, await CountAsync(store, "SELECT COUNT(*) FROM plate_reads"));
    }

    [Fact]
    public async Task Record_WithoutEvidenceOrPlate_StillKeepsTheViolation()
    {
        var store = await NewStoreAsync();
        var candidate = Candidate(8, Morning, cameraId: "unknown-camera", plate: null);

        await store.Recorder.RecordAsync(candidate, null, CancellationToken.None);

        var stored = await store.Review.GetAsync(candidate.Id, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Null(stored.Evidence);
        Assert.Null(stored.PlateText);
        Assert.Null(stored.Position);
        Assert.Empty(stored.PlateReads);
        Assert.Equal("evidence package missing", Assert.Single(await store.Review.GetAuditAsync(candidate.Id, CancellationToken.None)).Detail);
    }

    [Fact]
    public async Task Record_AgainWithAPackageSealedLater_LinksIt_Audited_ButNeverReplacesALinkedPackage()
    {
        var store = await NewStoreAsync();
        var candidate = Candidate(9, Morning);
        var sealedLate = new EvidenceReference("pkg-9", new string('e', 64));

        Assert.True(await store.Recorder.TryRecordAsync(candidate, null, CancellationToken.None));
        Assert.False(await store.Recorder.TryRecordAsync(candidate, sealedLate, CancellationToken.None));
        Assert.False(await store.Recorder.TryRecordAsync(candidate, new EvidenceReference("pkg-other", new string('f', 64)), CancellationToken.None));
        Assert.False(await store.Recorder.TryRecordAsync(candidate, null, CancellationToken.None));

        var stored = await store.Review.GetAsync(candidate.Id, CancellationToken.None);
        Assert.Equal((sealedLate, 1L), (stored!.Evidence, stored.Version));
        var audit = await store.Review.GetAuditAsync(candidate.Id, CancellationToken.None);
        Assert.Equal(["recorded", ViolationRecorder.EvidenceLinkedAction], audit.Select(entry => entry.Action));
        Assert.Contains("pkg-9", audit[1].Detail, StringComparison.Ordinal);
        Assert.Single(await store.Alerts.ReadAfterAsync(0, 100, CancellationToken.None));
    }

    [Fact]
    public async Task Record_WhenEveryDetectionIsDelivered_QueuesTheReportInTheSameTransaction()
    {
        var store = await NewStoreAsync(DeliveryTrigger.OnDetection);
        var candidate = Candidate(9, Morning);
        await store.Recorder.RecordAsync(candidate, null, CancellationToken.None);

        var due = Assert.Single(await store.Outbox.DueAsync(10, CancellationToken.None));
        Assert.Equal((candidate.Id, DeliveryStatus.Pending, 0), (due.ViolationId, due.Status, due.Attempts));
    }

    [Fact]
    public async Task AnErrorOrRemoteIdHoldingANul_IsStored_SoTheReportIsDeadLetteredOrSentAsDecided()
    {
        // A backend answering 400 with a UTF-16 body: its excerpt decoded as UTF-8 holds NULs, which PostgreSQL refuses in text.
        var store = await NewStoreAsync(DeliveryTrigger.OnDetection);
        var refused = Candidate(9, Morning);
        var accepted = Candidate(10, Morning);
        await store.Recorder.RecordAsync(refused, null, CancellationToken.None);
        await store.Recorder.RecordAsync(accepted, null, CancellationToken.None);
        var claims = (await store.Outbox.ClaimDueAsync(10, TimeSpan.FromMinutes(1), CancellationToken.None)).ToDictionary(claim => claim.ViolationId);

        Assert.True(await store.Outbox.MarkFailedAsync(claims[refused.Id], "HTTP 400: {\0\"\0e\0", Morning.AddHours(1), deadLetter: true, CancellationToken.None));
        Assert.Equal(SentRecording.Sent, await store.Outbox.MarkSentAsync(claims[accepted.Id], "req-\0-7", CancellationToken.None));

        var deadLettered = (await store.Outbox.GetAsync(refused.Id, CancellationToken.None))!;
        Assert.Equal((DeliveryStatus.DeadLettered, "HTTP 400: {\uFFFD\"\uFFFDe\uFFFD"), (deadLettered.Status, deadLettered.LastError));
        Assert.Equal((DeliveryStatus.Sent, "req-\uFFFD-7"), ((await store.Outbox.GetAsync(accepted.Id, CancellationToken.None))!.Status,
            (await store.Outbox.GetAsync(accepted.Id, CancellationToken.None))!.RemoteId));
    }

    [Fact]
    public async Task AnErrorCutInsideAnEmoji_IsStored_WithTheHalfCharacterReplaced()
    {
        // The error excerpt's length limit cut a surrogate pair in two: Npgsql refuses half a pair.
        var store = await NewStoreAsync(DeliveryTrigger.OnDetection);
        var refused = Candidate(11, Morning);
        var accepted = Candidate(14, Morning);
        await store.Recorder.RecordAsync(refused, null, CancellationToken.None);
        await store.Recorder.RecordAsync(accepted, null, CancellationToken.None);
        var claims = (await store.Outbox.ClaimDueAsync(10, TimeSpan.FromMinutes(1), CancellationToken.None)).ToDictionary(claim => claim.ViolationId);

        Assert.True(await store.Outbox.MarkFailedAsync(claims[refused.Id], new string('x', 1999) + "😀", Morning.AddHours(1), deadLetter: false, CancellationToken.None));
        Assert.Equal(SentRecording.Sent, await store.Outbox.MarkSentAsync(claims[accepted.Id], "req-😀-\uDE00", CancellationToken.None));

        var failed = (await store.Outbox.GetAsync(refused.Id, CancellationToken.None))!;
        Assert.Equal((1, new string('x', 1999) + "\uFFFD"), (failed.Attempts, failed.LastError));
        Assert.Equal("req-😀-\uFFFD", (await store.Outbox.GetAsync(accepted.Id, CancellationToken.None))!.RemoteId);
    }

    [Fact]
    public async Task AReportTheBackendTook_IsRecordedAsSent_EvenWhenAnotherDispatcherDeadLetteredItMeanwhile()
    {
        // A slow answer outlived the first dispatcher's lease; a second claimed the report and its last attempt failed.
        var store = await NewStoreAsync(DeliveryTrigger.OnDetection);
        var candidate = Candidate(11, Morning);
        await store.Recorder.RecordAsync(candidate, null, CancellationToken.None);
        var slow = Assert.Single(await store.Outbox.ClaimDueAsync(10, TimeSpan.FromSeconds(5), CancellationToken.None));
        store.Time.Advance(TimeSpan.FromSeconds(6));
        var second = Assert.Single(await store.Outbox.ClaimDueAsync(10, TimeSpan.FromSeconds(5), CancellationToken.None));
        Assert.True(await store.Outbox.MarkFailedAsync(second, "HTTP 503", store.Time.GetUtcNow(), deadLetter: true, CancellationToken.None));

        Assert.Equal(SentRecording.Sent, await store.Outbox.MarkSentAsync(slow, "SR-77", CancellationToken.None));

        var delivery = (await store.Outbox.GetAsync(candidate.Id, CancellationToken.None))!;
        Assert.Equal((DeliveryStatus.Sent, "SR-77"), (delivery.Status, delivery.RemoteId));
        Assert.False(await store.Outbox.RequeueAsync(candidate.Id, "supervisor-1", "local", CancellationToken.None));
    }

    [Fact]
    public async Task AReportHeldForReview_IsWokenByTheConfirmation_AndNotHeldWhenTheConfirmationCameFirst()
    {
        var store = await NewStoreAsync(DeliveryTrigger.OnDetection);
        var held = Candidate(12, Morning);
        var raced = Candidate(13, Morning);
        await store.Recorder.RecordAsync(held, null, CancellationToken.None);
        await store.Recorder.RecordAsync(raced, null, CancellationToken.None);
        var claims = (await store.Outbox.ClaimDueAsync(10, TimeSpan.FromMinutes(1), CancellationToken.None)).ToDictionary(claim => claim.ViolationId);
        var until = store.Time.GetUtcNow().AddHours(6);

        Assert.True(await store.Outbox.HoldForReviewAsync(claims[held.Id], until, CancellationToken.None));
        // Confirmed between the dispatcher's read and its hold: held anyway, the confirmation's wake-up (finding no note)
        // left it for the hold's six hours.
        await store.Review.DecideAsync(new ReviewDecision(raced.Id, 1, "officer-7", ReviewStatus.Confirmed), CancellationToken.None);
        Assert.False(await store.Outbox.HoldForReviewAsync(claims[raced.Id], until, CancellationToken.None));
        Assert.Empty(await store.Outbox.DueAsync(10, CancellationToken.None));

        await store.Review.DecideAsync(new ReviewDecision(held.Id, 1, "officer-7", ReviewStatus.Confirmed), CancellationToken.None);

        var due = Assert.Single(await store.Outbox.DueAsync(10, CancellationToken.None));
        Assert.Equal((held.Id, (string?)null), (due.ViolationId, due.LastError));
    }

    [Fact]
    public async Task AReportDeadLetteredBeforeReview_IsQueuedAgainByTheConfirmation_ButNotByARejection()
    {
        // Sent at detection while the backend was down for the weekend: dead-lettered, never delivered. The officer's
        // confirmation on Monday queued a report only where none was, so the confirmed violation was never reported.
        var store = await NewStoreAsync(DeliveryTrigger.OnDetection);
        var confirmed = Candidate(16, Morning);
        var rejected = Candidate(17, Morning);
        await store.Recorder.RecordAsync(confirmed, null, CancellationToken.None);
        await store.Recorder.RecordAsync(rejected, null, CancellationToken.None);
        foreach (var claim in await store.Outbox.ClaimDueAsync(10, TimeSpan.FromMinutes(1), CancellationToken.None))
        {
            Assert.True(await store.Outbox.MarkFailedAsync(claim, "HTTP 503", store.Time.GetUtcNow(), deadLetter: true, CancellationToken.None));
        }

        await store.Review.DecideAsync(new ReviewDecision(confirmed.Id, 1, "officer-7", ReviewStatus.Confirmed), CancellationToken.None);
        await store.Review.DecideAsync(new ReviewDecision(rejected.Id, 1, "officer-7", ReviewStatus.Rejected, RejectReason.NotAViolation), CancellationToken.None);

        var due = Assert.Single(await store.Outbox.DueAsync(10, CancellationToken.None));
        Assert.Equal((confirmed.Id, DeliveryStatus.Pending, 0), (due.ViolationId, due.Status, due.Attempts));
        Assert.Equal(DeliveryStatus.Cancelled, (await store.Outbox.GetAsync(rejected.Id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task AReportIsNotHeldForReview_WhenItsConfirmationIsBeingCommittedAsTheHoldIsMade()
    {
        var store = await NewStoreAsync(DeliveryTrigger.OnDetection);
        var candidate = Candidate(15, Morning);
        await store.Recorder.RecordAsync(candidate, null, CancellationToken.None);
        var claim = Assert.Single(await store.Outbox.ClaimDueAsync(10, TimeSpan.FromMinutes(1), CancellationToken.None));

        // The officer's confirmation, written and not yet committed when the dispatcher holds the report.
        await using var officer = await store.Database.OpenAsync(CancellationToken.None);
        await using var decision = await officer.BeginTransactionAsync();
        await officer.ExecuteAsync("UPDATE violations SET status = 'Confirmed', version = version + 1 WHERE id = @Id;", new { candidate.Id }, decision);
        // On its own thread: SQLite's calls block while they wait for the lock.
        var holding = Task.Run(() => store.Outbox.HoldForReviewAsync(claim, store.Time.GetUtcNow().AddHours(6), CancellationToken.None));
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        await decision.CommitAsync();

        Assert.False(await holding);
        Assert.Equal(claim.NextAttemptAt, (await store.Outbox.GetAsync(candidate.Id, CancellationToken.None))!.NextAttemptAt);
    }

    [Fact]
    public async Task List_FiltersAndPagesNewestFirst()
    {
        var store = await NewStoreAsync();
        for (var i = 0; i < 25; i++)
        {
            var camera = i % 2 == 0 ? "hue-le-loi-1" : "hue-tran-hung-dao-2";
            var kind = i % 5 == 0 ? ViolationKind.WrongWay : ViolationKind.RedLight;
            await store.Recorder.RecordAsync(Candidate(i, Morning.AddMinutes(i), camera, kind, plate: $"75A18{i:00}3"), null, CancellationToken.None);
        }

        var seen = new List<ViolationRecord>();
        string? token = null;
        do
        {
            var page = await store.Review.ListAsync(new ViolationFilter(), 10, token, CancellationToken.None);
            seen.AddRange(page.Violations);
            token = page.NextPageToken;
        }
        while (token is not null);
        Assert.Equal(Enumerable.Range(0, 25).Reverse().Select(i => (long)i), seen.Select(v => v.TrackId));

        var camera2 = await store.Review.ListAsync(new ViolationFilter(CameraId: "hue-tran-hung-dao-2"), 100, null, CancellationToken.None);
        Assert.Equal(12, camera2.Violations.Count);
        var wrongWay = await store.Review.ListAsync(new ViolationFilter(Kind: ViolationKind.WrongWay), 100, null, CancellationToken.None);
        Assert.Equal([20L, 15, 10, 5, 0], wrongWay.Violations.Select(v => v.TrackId));
        var window = await store.Review.ListAsync(new ViolationFilter(From: Morning.AddMinutes(3), To: Morning.AddMinutes(6)), 100, null, CancellationToken.None);
        Assert.Equal([5L, 4, 3], window.Violations.Select(v => v.TrackId));
        var plate = await store.Review.ListAsync(new ViolationFilter(PlateContains: "a-1817"), 100, null, CancellationToken.None);
        Assert.Equal(17, Assert.Single(plate.Violations).TrackId);
        var pending = await store.Review.ListAsync(new ViolationFilter(Status: ReviewStatus.Confirmed), 100, null, CancellationToken.None);
        Assert.Empty(pending.Violations);
        Assert.False(ReviewStore.IsValidPageToken("not a token"));
    }

    [Fact]
    public async Task Decide_Confirm_IsFinal_AndQueuesDelivery()
    {
        var store = await NewStoreAsync();
        var candidate = Candidate(11, Morning);
        await store.Recorder.RecordAsync(candidate, null, CancellationToken.None);
        store.Time.Advance(TimeSpan.FromMinutes(4));

        var confirmed = await store.Review.DecideAsync(new ReviewDecision(candidate.Id, 1, "officer-17", ReviewStatus.Confirmed, OfficerSource: "oidc"), CancellationToken.None);
        Assert.Equal(DecisionResultKind.Applied, confirmed.Kind);
        Assert.Equal((ReviewStatus.Confirmed, 2L, "officer-17", Morning.AddMinutes(5)),
            (confirmed.Current!.Status, confirmed.Current.Version, confirmed.Current.DecidedBy, confirmed.Current.DecidedAt!.Value));
        Assert.Equal(DeliveryStatus.Pending, confirmed.Current.Delivery!.Status);

        var again = await store.Review.DecideAsync(new ReviewDecision(candidate.Id, 2, "officer-18", ReviewStatus.Rejected, RejectReason.NotAViolation), CancellationToken.None);
        Assert.Equal(DecisionResultKind.AlreadyDecided, again.Kind);
        var stale = await store.Review.DecideAsync(new ReviewDecision(candidate.Id, 1, "officer-18", ReviewStatus.Rejected, RejectReason.NotAViolation), CancellationToken.None);
        Assert.Equal(DecisionResultKind.Conflict, stale.Kind);
        Assert.Equal("officer-17", stale.Current!.DecidedBy);
        var missing = await store.Review.DecideAsync(new ReviewDecision("nope", 1, "officer-18", ReviewStatus.Confirmed), CancellationToken.None);
        Assert.Equal(DecisionResultKind.NotFound, missing.Kind);

        var audit = await store.Review.GetAuditAsync(candidate.Id, CancellationToken.None);
        Assert.Equal(["recorded", "confirmed"], audit.Select(a => a.Action));
        Assert.Equal(("officer-17", "oidc", "version 1 → Confirmed"), (audit[1].Actor, audit[1].ActorSource, audit[1].Detail));
        Assert.Equal(("system", AuditEntry.SystemSource), (audit[0].Actor, audit[0].ActorSource));
    }

    [Fact]
    public async Task CloseCase_OnlyForConfirmed_RecordedOnce_EvenWhenTwoOfficersCloseAtOnce()
    {
        var store = await NewStoreAsync();
        var pending = Candidate(13, Morning);
        var confirmed = Candidate(14, Morning);
        await store.Recorder.RecordAsync(pending, null, CancellationToken.None);
        await store.Recorder.RecordAsync(confirmed, null, CancellationToken.None);
        await store.Review.DecideAsync(new ReviewDecision(confirmed.Id, 1, "officer-17", ReviewStatus.Confirmed), CancellationToken.None);

        Assert.Equal(CaseClosureOutcome.NotConfirmed, (await store.Review.CloseCaseAsync(pending.Id, "officer-17", "local-account", null, CancellationToken.None)).Outcome);
        Assert.Equal(CaseClosureOutcome.NotFound, (await store.Review.CloseCaseAsync("nope", "officer-17", "local-account", null, CancellationToken.None)).Outcome);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            store.Review.CloseCaseAsync(confirmed.Id, $"officer-{20 + i}", "local-account", "paid", CancellationToken.None)));

        Assert.Single(outcomes, o => o.Outcome == CaseClosureOutcome.Closed);
        Assert.Equal(3, outcomes.Count(o => o.Outcome == CaseClosureOutcome.AlreadyClosed));
        var audit = await store.Review.GetAuditAsync(confirmed.Id, CancellationToken.None);
        Assert.Equal(["recorded", "confirmed", ReviewStore.CaseClosedAction], audit.Select(a => a.Action));
        Assert.Equal(ReviewStatus.Confirmed, outcomes[0].Current!.Status);
    }

    [Fact]
    public async Task Decide_RejectAndCorrect_KeepReasonAndMachineRead()
    {
        var store = await NewStoreAsync();
        var rejected = Candidate(12, Morning);
        var corrected = Candidate(13, Morning);
        await store.Recorder.RecordAsync(rejected, null, CancellationToken.None);
        await store.Recorder.RecordAsync(corrected, null, CancellationToken.None);

        var invalid = await store.Review.DecideAsync(new ReviewDecision(rejected.Id, 1, "officer-1", ReviewStatus.Rejected, RejectReason.Other), CancellationToken.None);
        Assert.Equal(DecisionResultKind.Invalid, invalid.Kind);
        var reject = await store.Review.DecideAsync(
            new ReviewDecision(rejected.Id, 1, "officer-1", ReviewStatus.Rejected, RejectReason.Other, "xe cứu thương"), CancellationToken.None);
        Assert.Equal((ReviewStatus.Rejected, RejectReason.Other, "xe cứu thương"), (reject.Current!.Status, reject.Current.RejectReason, reject.Current.DecisionNote));
        Assert.Null(reject.Current.Delivery);

        var correct = await store.Review.DecideAsync(
            new ReviewDecision(corrected.Id, 1, "officer-2", ReviewStatus.Corrected, CorrectedPlate: "75-H1 425.89"), CancellationToken.None);
        Assert.Equal(("75H142589", "75H142599", "75H142589"), (correct.Current!.CorrectedPlate, correct.Current.PlateText, correct.Current.ReportedPlate));
        Assert.Equal(DeliveryStatus.Pending, correct.Current.Delivery!.Status);
    }

    [Theory]
    [InlineData("29É 234.56", "É")] // VNI typing of "29E1 234.56": kept as "2923456", another plate
    [InlineData("30Â-123.45", "Â")] // Telex typing of "30A-123.45"
    [InlineData("75-H1 425,99", ",")]
    public async Task Decide_ACorrectionWithACharacterNoPlateHas_IsRefusedNamingIt_NotStoredWithoutIt(string typed, string named)
    {
        var store = await NewStoreAsync();
        var candidate = Candidate(15, Morning);
        await store.Recorder.RecordAsync(candidate, null, CancellationToken.None);

        var refused = await store.Review.DecideAsync(new ReviewDecision(candidate.Id, 1, "officer-2", ReviewStatus.Corrected, CorrectedPlate: typed),
            CancellationToken.None);

        Assert.Equal(DecisionResultKind.Invalid, refused.Kind);
        Assert.Contains($"'{named}'", refused.Problem, StringComparison.Ordinal);
        Assert.Equal(ReviewStatus.Pending, (await store.Review.GetAsync(candidate.Id, CancellationToken.None))!.Status);
        Assert.Equal(DecisionResultKind.Applied, (await store.Review.DecideAsync(
            new ReviewDecision(candidate.Id, 1, "officer-2", ReviewStatus.Corrected, CorrectedPlate: "29-mđ1 234/56"), CancellationToken.None)).Kind);
    }

    [Fact]
    public async Task Decide_ConcurrentOfficers_OneWinsTheRestConflict()
    {
        var store = await NewStoreAsync();
        var candidate = Candidate(14, Morning);
        await store.Recorder.RecordAsync(candidate, null, CancellationToken.None);

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() =>
            store.Review.DecideAsync(new ReviewDecision(candidate.Id, 1, $"officer-{i}", i % 2 == 0 ? ReviewStatus.Confirmed : ReviewStatus.Rejected,
                i % 2 == 0 ? null : RejectReason.WrongVehicle), CancellationToken.None))));

        var winner = Assert.Single(results, r => r.Kind == DecisionResultKind.Applied);
        Assert.All(results.Where(r => r != winner), r => Assert.Equal(DecisionResultKind.Conflict, r.Kind));
        Assert.All(results.Where(r => r != winner), r => Assert.Equal(winner.Current!.DecidedBy, r.Current!.DecidedBy));
        Assert.Equal(2, (await store.Review.GetAuditAsync(candidate.Id, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Alerts_ConcurrentWriters_BecomeVisibleInPositionOrder_WithoutGaps()
    {
        var store = await NewStoreAsync();
        const int Writers = 4;
        const int PerWriter = 40;
        var writing = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < PerWriter; i++)
            {
                await store.Recorder.RecordAsync(Candidate((w * 1000) + i, Morning.AddSeconds(i)), null, CancellationToken.None);
            }
        })).ToList();

        // A reader that always asks for "after the last position I saw", as a resuming subscriber does.
        var seen = new List<long>();
        var last = 0L;
        while (seen.Count < Writers * PerWriter)
        {
            // Whether the writers had finished before this read: only then does an empty read mean there is no more.
            var writersDone = writing.All(t => t.IsCompleted);
            var batch = await store.Alerts.ReadAfterAsync(last, 7, CancellationToken.None);
            seen.AddRange(batch.Select(a => a.Position));
            last = batch.Count > 0 ? batch[^1].Position : last;
            if (writersDone && batch.Count == 0)
            {
                break;
            }
        }

        await Task.WhenAll(writing);
        Assert.Equal(Writers * PerWriter, seen.Count);
        Assert.Equal(seen.Order(), seen);
        Assert.Equal(Writers * PerWriter, seen.Distinct().Count());
    }

    [Fact]
    public async Task Alerts_WatchlistHit_IsStoredOncePerTrackPassageAndPlate()
    {
        var store = await NewStoreAsync();
        var hit = new WatchlistHit(new WatchlistEntry("75A-999.99", "stolen", "báo mất ngày 20/11"), "75A99989", WatchlistMatchKind.Fuzzy, 1, 1, 0.9f);

        var trackBegan = Morning.AddSeconds(-3);
        var first = await store.Alerts.AppendWatchlistHitAsync("hue-le-loi-1", 42, trackBegan, 4200, Morning, hit, CancellationToken.None);
        var again = await store.Alerts.AppendWatchlistHitAsync("hue-le-loi-1", 42, trackBegan, 4210, Morning, hit, CancellationToken.None);
        // After a restart the tracker counts from 1 again: track 42 later that day is another passage of the car.
        var afterRestart = await store.Alerts.AppendWatchlistHitAsync("hue-le-loi-1", 42, Morning.AddHours(2), 4200, Morning.AddHours(2), hit,
            CancellationToken.None);

        Assert.NotNull(first);
        Assert.Null(again);
        Assert.NotNull(afterRestart);
        var alert = (await store.Alerts.ReadAfterAsync(0, 10, CancellationToken.None))[0];
        Assert.Equal((AlertKind.WatchlistHit, "75A99989"), (alert.Kind, alert.PlateText));
        Assert.Equal(new WatchlistAlert("75A-999.99", "stolen", "báo mất ngày 20/11", WatchlistMatchKind.Fuzzy, 1, 42, 4200), WatchlistAlert.FromJson(alert.PayloadJson));

        // The same passage read surely later: the exact match is stored too (the police only had the unsure one).
        var exact = await store.Alerts.AppendWatchlistHitAsync("hue-le-loi-1", 42, trackBegan, 4230, Morning.AddSeconds(3),
            hit with { ReadCharacters = "75A99999", Kind = WatchlistMatchKind.Exact, EditDistance = 0, MatchDistance = 0 }, CancellationToken.None);
        Assert.NotNull(exact);
        Assert.Null(await store.Alerts.AppendWatchlistHitAsync("hue-le-loi-1", 42, trackBegan, 4240, Morning.AddSeconds(4),
            hit with { ReadCharacters = "75A99999", Kind = WatchlistMatchKind.Exact, EditDistance = 0, MatchDistance = 0 }, CancellationToken.None));
        Assert.Equal(WatchlistMatchKind.Exact, WatchlistAlert.FromJson((await store.Alerts.ReadAfterAsync(afterRestart!.Value, 10, CancellationToken.None)).Single().PayloadJson)!.MatchKind);
    }

    [Fact]
    public async Task Reject_CancelsAReportQueuedAtDetection_ThatWasNotSentYet()
    {
        var store = await NewStoreAsync(DeliveryTrigger.OnDetection);
        var falseAlarm = Candidate(23, Morning);
        await store.Recorder.RecordAsync(falseAlarm, null, CancellationToken.None);

        await store.Review.DecideAsync(new ReviewDecision(falseAlarm.Id, 1, "officer-17", ReviewStatus.Rejected, RejectReason.NotAViolation), CancellationToken.None);

        Assert.Empty(await store.Outbox.ClaimDueAsync(10, TimeSpan.FromSeconds(5), CancellationToken.None));
        Assert.Equal(DeliveryStatus.Cancelled, (await store.Outbox.GetAsync(falseAlarm.Id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task Outbox_RetriesThenDeadLetters_AndSentIsFinal()
    {
        var store = await NewStoreAsync(DeliveryTrigger.OnDetection);
        var a = Candidate(21, Morning);
        var b = Candidate(22, Morning.AddSeconds(1));
        await store.Recorder.RecordAsync(a, null, CancellationToken.None);
        await store.Recorder.RecordAsync(b, null, CancellationToken.None);

        var claims = await store.Outbox.ClaimDueAsync(10, TimeSpan.FromSeconds(5), CancellationToken.None);
        var claimA = claims.Single(d => d.ViolationId == a.Id);
        var claimB = claims.Single(d => d.ViolationId == b.Id);
        Assert.True(await store.Outbox.MarkFailedAsync(claimA, "HTTP 503", store.Time.GetUtcNow().AddSeconds(30), deadLetter: false, CancellationToken.None));
        Assert.Equal(SentRecording.Sent, await store.Outbox.MarkSentAsync(claimB, "SR-1001", CancellationToken.None));
        Assert.Empty(await store.Outbox.DueAsync(10, CancellationToken.None));
        store.Time.Advance(TimeSpan.FromSeconds(31));
        var retry = Assert.Single(await store.Outbox.ClaimDueAsync(10, TimeSpan.FromSeconds(5), CancellationToken.None));
        Assert.Equal((a.Id, 1, "HTTP 503"), (retry.ViolationId, retry.Attempts, retry.LastError));

        // A dispatcher whose claim was superseded cannot reschedule the report, and a sent report stays sent.
        Assert.False(await store.Outbox.MarkFailedAsync(claimA, "late failure", store.Time.GetUtcNow(), deadLetter: false, CancellationToken.None));
        Assert.True(await store.Outbox.MarkFailedAsync(retry, "timeout", store.Time.GetUtcNow(), deadLetter: true, CancellationToken.None));
        Assert.False(await store.Outbox.MarkFailedAsync(claimB, "late failure", store.Time.GetUtcNow(), deadLetter: false, CancellationToken.None));
        Assert.Empty(await store.Outbox.DueAsync(10, CancellationToken.None));
        Assert.Equal((DeliveryStatus.DeadLettered, 2), ((await store.Outbox.GetAsync(a.Id, CancellationToken.None))!.Status, (await store.Outbox.GetAsync(a.Id, CancellationToken.None))!.Attempts));
        var sent = await store.Outbox.GetAsync(b.Id, CancellationToken.None);
        Assert.Equal((DeliveryStatus.Sent, "SR-1001", 1), (sent!.Status, sent.RemoteId, sent.Attempts));

        Assert.True(await store.Outbox.RequeueAsync(a.Id, "operator-1", "oidc", CancellationToken.None));
        Assert.False(await store.Outbox.RequeueAsync(b.Id, "operator-1", "oidc", CancellationToken.None));
        var requeued = Assert.Single(await store.Outbox.DueAsync(10, CancellationToken.None));
        Assert.Equal((a.Id, 0), (requeued.ViolationId, requeued.Attempts));
        Assert.Equal(("operator-1", "delivery requeued"), ((await store.Review.GetAuditAsync(a.Id, CancellationToken.None))[^1].Actor,
            (await store.Review.GetAuditAsync(a.Id, CancellationToken.None))[^1].Action));
    }

    [Fact]
    public async Task Outbox_ConcurrentClaimers_GetDisjointReports_AndALapsedLeaseMakesThemDueAgain()
    {
        var store = await NewStoreAsync(DeliveryTrigger.OnDetection);
        for (var i = 0; i < 40; i++)
        {
            await store.Recorder.RecordAsync(Candidate(300 + i, Morning.AddSeconds(i)), null, CancellationToken.None);
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            store.Outbox.ClaimDueAsync(15, TimeSpan.FromSeconds(30), CancellationToken.None))));

        var claimed = claims.SelectMany(c => c.Select(d => d.ViolationId)).ToList();
        Assert.Equal(40, claimed.Count);
        Assert.Equal(40, claimed.Distinct().Count());
        Assert.Empty(await store.Outbox.ClaimDueAsync(15, TimeSpan.FromSeconds(30), CancellationToken.None));
        await store.Outbox.MarkSentAsync(claims.SelectMany(c => c).First(d => d.ViolationId == claimed[0]), "SR-1", CancellationToken.None);

        store.Time.Advance(TimeSpan.FromSeconds(31));
        var again = await store.Outbox.ClaimDueAsync(100, TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.Equal(claimed.Skip(1).Order(StringComparer.Ordinal), again.Select(d => d.ViolationId).Order(StringComparer.Ordinal));
        Assert.All(again, d => Assert.Equal(0, d.Attempts));
    }

    [Fact]
    public async Task Statistics_CountByLocalDayAndHour_RatesTurnaroundAndBacklog()
    {
        var store = await NewStoreAsync();
        // 23:30 UTC on the 27th is 06:30 on the 28th in Huế; 01:30 UTC is 08:30.
        var lateUtc = new DateTimeOffset(2026, 11, 27, 23, 30, 0, TimeSpan.Zero);
        var ids = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var candidate = Candidate(100 + i, i < 2 ? lateUtc.AddMinutes(i) : Morning.AddMinutes(i),
                i < 4 ? "hue-le-loi-1" : "hue-tran-hung-dao-2", i == 5 ? ViolationKind.Sidewalk : ViolationKind.RedLight);
            await store.Recorder.RecordAsync(candidate, null, CancellationToken.None);
            ids.Add(candidate.Id);
        }

        store.Time.Advance(TimeSpan.FromMinutes(2));
        await store.Review.DecideAsync(new ReviewDecision(ids[0], 1, "o", ReviewStatus.Confirmed), CancellationToken.None);
        store.Time.Advance(TimeSpan.FromMinutes(2));
        await store.Review.DecideAsync(new ReviewDecision(ids[1], 1, "o", ReviewStatus.Corrected, CorrectedPlate: "75H142598"), CancellationToken.None);
        store.Time.Advance(TimeSpan.FromMinutes(6));
        await store.Review.DecideAsync(new ReviewDecision(ids[2], 1, "o", ReviewStatus.Rejected, RejectReason.Duplicate), CancellationToken.None);
        var due = await store.Outbox.ClaimDueAsync(10, TimeSpan.FromSeconds(5), CancellationToken.None);
        await store.Outbox.MarkSentAsync(due.Single(d => d.ViolationId == ids[0]), null, CancellationToken.None);
        await store.Outbox.MarkFailedAsync(due.Single(d => d.ViolationId == ids[1]), "HTTP 500", store.Time.GetUtcNow(), deadLetter: false, CancellationToken.None);

        var statistics = await store.Statistics.ComputeAsync(lateUtc.AddHours(-1), Morning.AddHours(1), CancellationToken.None);

        Assert.Equal(6, statistics.Total);
        Assert.Equal(new Dictionary<ViolationKind, long> { [ViolationKind.RedLight] = 5, [ViolationKind.Sidewalk] = 1 }, statistics.ByKind);
        Assert.Equal(new Dictionary<string, long> { ["hue-le-loi-1"] = 4, ["hue-tran-hung-dao-2"] = 2 }, statistics.ByCamera);
        Assert.Equal(new Dictionary<string, long> { ["2026-11-28"] = 6 }, statistics.ByDay);
        Assert.Equal(2, statistics.ByHour[6]);
        Assert.Equal(4, statistics.ByHour[8]);
        Assert.Equal(6, statistics.ByHour.Sum());
        Assert.Equal(2.0 / 3, statistics.ConfirmationRate!.Value, 9);
        Assert.Equal(TimeSpan.FromMinutes(4), statistics.MedianTurnaround);
        Assert.Equal(TimeSpan.FromMinutes(16.0 / 3), statistics.MeanTurnaround);
        Assert.Equal(new DeliveryBacklog(0, 1, 0, 1), statistics.Delivery);
        var csv = StatisticsCsv.Write(statistics);
        Assert.Contains("kind,RedLight,5\n", csv, StringComparison.Ordinal);
        Assert.Contains("hour,08,4\n", csv, StringComparison.Ordinal);
        Assert.Contains("review,median_turnaround_seconds,240\n", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Statistics_MedianTurnaround_IsTheMiddleDecision_OrTheMeanOfTheMiddleTwo_ComputedByTheEngine()
    {
        var store = await NewStoreAsync();
        var inRange = Enumerable.Range(0, 5).Select(i => Candidate(200 + i, Morning.AddMinutes(i))).ToList();
        var before = Candidate(300, Morning.AddDays(-2));
        foreach (var candidate in inRange.Append(before))
        {
            await store.Recorder.RecordAsync(candidate, null, CancellationToken.None);
        }

        // Every violation was recorded at Morning + 1 min; each decision comes the given minutes after that.
        var recordedAt = store.Time.GetUtcNow();
        async Task DecideAfterAsync(ViolationCandidate candidate, double minutesSinceRecorded)
        {
            store.Time.Advance(recordedAt.AddMinutes(minutesSinceRecorded) - store.Time.GetUtcNow());
            var result = await store.Review.DecideAsync(new ReviewDecision(candidate.Id, 1, "o", ReviewStatus.Confirmed), CancellationToken.None);
            Assert.Equal(DecisionResultKind.Applied, result.Kind);
        }

        Task<ViolationStatistics> ComputeAsync() => store.Statistics.ComputeAsync(Morning.AddHours(-1), Morning.AddHours(1), CancellationToken.None);

        Assert.Null((await ComputeAsync()).MedianTurnaround);
        await DecideAfterAsync(before, 0.5); // outside the range asked for
        await DecideAfterAsync(inRange[0], 1);
        Assert.Equal(TimeSpan.FromMinutes(1), (await ComputeAsync()).MedianTurnaround);
        await DecideAfterAsync(inRange[2], 10);
        Assert.Equal(TimeSpan.FromMinutes(5.5), (await ComputeAsync()).MedianTurnaround);
        await DecideAfterAsync(inRange[3], 30);
        var odd = await ComputeAsync();
        await DecideAfterAsync(inRange[1], 33.25);
        var even = await ComputeAsync();

        Assert.Equal((TimeSpan.FromMinutes(10), TimeSpan.FromMilliseconds(820_000)), (odd.MedianTurnaround, odd.MeanTurnaround)); // mean (1 + 10 + 30) / 3 min
        Assert.Equal((TimeSpan.FromMinutes(20), TimeSpan.FromMilliseconds(1_113_750)), (even.MedianTurnaround, even.MeanTurnaround)); // (10 + 30) / 2; mean 74.25 / 4 min
    }

    [Fact]
    public async Task ZoneOccupancy_ProfilesEachSidewalkByLocalDayOfWeekAndHour_AndARepeatedReportReplacesItsRun()
    {
        var store = await NewStoreAsync();
        var occupancy = new ZoneOccupancyStore(store.Database);
        // 00:00 UTC on Monday 30 November 2026 is 07:00 in Huế; the next day's 01:00 UTC is Tuesday 08:00.
        var monday = new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);
        var tuesday = monday.AddHours(25);
        await occupancy.WriteAsync(
        [
            new ZoneOccupancyHour("hue-le-loi-1", "east sidewalk", monday, monday.AddMinutes(1), 600, 60, 1200, 0.2, 3),
            // The same run reports again with the hour's later figures: they replace the earlier ones.
            new ZoneOccupancyHour("hue-le-loi-1", "east sidewalk", monday, monday.AddMinutes(1), 1800, 900, 3600, 0.7, 5),
            // A restart in the same hour is a second run: both count.
            new ZoneOccupancyHour("hue-le-loi-1", "east sidewalk", monday, monday.AddMinutes(40), 1200, 0, 0, 0, 0),
            new ZoneOccupancyHour("hue-le-loi-1", "east sidewalk", tuesday, tuesday, 3600, 360, 0, 0.15, 1),
            new ZoneOccupancyHour("hue-le-loi-1", "west sidewalk", tuesday, tuesday, 3600, 3600, 0, 1, 0),
        ], CancellationToken.None);

        var statistics = await store.Statistics.ComputeAsync(monday, tuesday.AddHours(1), CancellationToken.None);

        Assert.Equal(
        [
            new ZoneOccupancyCell("hue-le-loi-1", "east sidewalk", 1, 7, 3000, 900 / 3000.0, 3600 / 3000.0, 0.7, 5, 1),
            new ZoneOccupancyCell("hue-le-loi-1", "east sidewalk", 2, 8, 3600, 0.1, 0, 0.15, 1, 1),
            new ZoneOccupancyCell("hue-le-loi-1", "west sidewalk", 2, 8, 3600, 1, 0, 1, 0, 1),
        ], statistics.ZoneOccupancy);
        var csv = StatisticsCsv.Write(statistics);
        Assert.Contains("zone_occupancy_share,hue-le-loi-1/east sidewalk/Mon/07,0.3\n", csv, StringComparison.Ordinal);
        Assert.Contains("zone_parked_vehicles,hue-le-loi-1/east sidewalk/Mon/07,1.2\n", csv, StringComparison.Ordinal);
        // Hours outside the range do not count.
        Assert.Empty((await store.Statistics.ComputeAsync(monday.AddHours(2), tuesday, CancellationToken.None)).ZoneOccupancy);
    }

    [Fact]
    public async Task ReportPhotos_FindByRadiusAndWindow()
    {
        var store = await NewStoreAsync();
        // Đông Ba market and a point ~300 m east of it, one ~2 km away, one without a position.
        await store.Photos.AddAsync(new IndexedReportPhoto("r1", new byte[] { 1, 2, 3 }, 16.4722, 107.5866, Morning), CancellationToken.None);
        await store.Photos.AddAsync(new IndexedReportPhoto("r2", new byte[] { 4 }, 16.4722, 107.5894, Morning.AddMinutes(5)), CancellationToken.None);
        await store.Photos.AddAsync(new IndexedReportPhoto("r3", new byte[] { 5 }, 16.4542, 107.5866, Morning.AddMinutes(5)), CancellationToken.None);
        await store.Photos.AddAsync(new IndexedReportPhoto("r4", new byte[] { 6 }, null, null, Morning.AddMinutes(5)), CancellationToken.None);
        await store.Photos.AddAsync(new IndexedReportPhoto("r5", new byte[] { 7 }, 16.4722, 107.5866, Morning.AddHours(5)), CancellationToken.None);

        // The photo without a position may have been taken anywhere: it is compared with every search, as a search
        // without a position is compared with every photo (a photo reposted with its position stripped, or added).
        var near = await store.Photos.FindAsync(16.4722, 107.5866, 500, Morning.AddMinutes(-1), Morning.AddHours(1), CancellationToken.None);
        Assert.Equal(["r1", "r2", "r4"], near.Select(p => p.ReportId));
        Assert.Equal(new byte[] { 1, 2, 3 }, near[0].Fingerprint.ToArray());
        var tight = await store.Photos.FindAsync(16.4722, 107.5866, 250, Morning.AddMinutes(-1), Morning.AddHours(1), CancellationToken.None);
        Assert.Equal(["r1", "r4"], tight.Select(p => p.ReportId));
        var anywhere = await store.Photos.FindAsync(null, null, 500, Morning.AddMinutes(-1), Morning.AddHours(1), CancellationToken.None);
        Assert.Equal(["r1", "r2", "r3", "r4"], anywhere.Select(p => p.ReportId));
    }

    [Fact]
    public void PlateKeys_ReadĐAsD_LikeTheReadersAndTheWatchlist()
    {
        // Dropping Đ stored "29-MĐ1 123.45" one letter short, as another plate.
        Assert.Equal("29MD112345", PlateKey.Normalize("29-MĐ1 123.45"));
        Assert.Equal("75H142599", PlateKey.Normalize("75-h1 425.99"));
    }

    [Fact]
    public async Task ReportPhotos_KeepEveryPhotoOfAReport_OnceEach()
    {
        // A citizen's report with two photos, the second triaged twice (a retry): a later repost of either is matched.
        var store = await NewStoreAsync();
        await store.Photos.AddAsync(new IndexedReportPhoto("hue-s-2001", new byte[] { 1, 2, 3 }, 16.4722, 107.5866, Morning), CancellationToken.None);
        await store.Photos.AddAsync(new IndexedReportPhoto("hue-s-2001", new byte[] { 4, 5, 6 }, 16.4722, 107.5866, Morning), CancellationToken.None);
        await store.Photos.AddAsync(new IndexedReportPhoto("hue-s-2001", new byte[] { 4, 5, 6 }, 16.4722, 107.5866, Morning), CancellationToken.None);

        var found = await store.Photos.FindAsync(16.4722, 107.5866, 100, Morning.AddMinutes(-1), Morning.AddMinutes(1), CancellationToken.None);

        Assert.Equal([[1, 2, 3], [4, 5, 6]], found.Select(photo => photo.Fingerprint.ToArray()).OrderBy(bytes => bytes[0]));
    }

    [Fact]
    public async Task ReviewDeskFigures_CountByStatusPerFilter_NewestAlertPosition_AndKindsPerLocalDay()
    {
        var store = await NewStoreAsync();
        Assert.Equal(0, await store.Alerts.LatestPositionAsync(CancellationToken.None));
        for (var i = 0; i < 10; i++)
        {
            var kind = i % 5 == 0 ? ViolationKind.WrongWay : ViolationKind.RedLight;
            await store.Recorder.RecordAsync(Candidate(i, Morning.AddMinutes(i), i % 2 == 0 ? "hue-le-loi-1" : "hue-tran-hung-dao-2", kind), null, CancellationToken.None);
        }

        // 16 hours later it is past midnight in Huế (UTC+7): the next local day.
        await store.Recorder.RecordAsync(Candidate(10, Morning.AddHours(16), "hue-le-loi-1", ViolationKind.RedLight), null, CancellationToken.None);
        var first = await store.Review.GetAsync(Candidate(0, Morning.AddMinutes(0), "hue-le-loi-1", ViolationKind.WrongWay).Id, CancellationToken.None);
        await store.Review.DecideAsync(new ReviewDecision(first!.Id, first.Version, "officer-17", ReviewStatus.Confirmed), CancellationToken.None);

        var camera1 = await store.Review.CountByStatusAsync(new ViolationFilter(CameraId: "hue-le-loi-1", Status: ReviewStatus.Pending), CancellationToken.None);
        Assert.Equal((5L, 1L, 0L, 0L), (camera1[ReviewStatus.Pending], camera1[ReviewStatus.Confirmed], camera1[ReviewStatus.Rejected], camera1[ReviewStatus.Corrected]));
        var wrongWay = await store.Review.CountByStatusAsync(new ViolationFilter(Kind: ViolationKind.WrongWay), CancellationToken.None);
        Assert.Equal((1L, 1L), (wrongWay[ReviewStatus.Pending], wrongWay[ReviewStatus.Confirmed]));
        Assert.Equal(11, await store.Alerts.LatestPositionAsync(CancellationToken.None));

        var daily = await new DailyKindCounts(store.Database, StatisticsQuery.VietnamTime())
            .ComputeAsync(Morning.AddDays(-1), Morning.AddDays(1), CancellationToken.None);
        Assert.Equal(new Dictionary<string, long> { ["2026-11-28"] = 2 }, daily[ViolationKind.WrongWay]);
        Assert.Equal(new Dictionary<string, long> { ["2026-11-28"] = 8, ["2026-11-29"] = 1 }, daily[ViolationKind.RedLight]);
    }
}
