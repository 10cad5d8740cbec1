using System.Security.Cryptography;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Vision.Contracts.V1;
using Vision.Domain.Violations;
using Vision.Pipeline.Tests.Support;
using Vision.Storage.Tests.Support;
using AlertLog = Vision.Storage.AlertLog;
using DeliveryOutbox = Vision.Storage.DeliveryOutbox;
using EvidenceReference = Vision.Domain.Violations.EvidenceReference;
using PlateKey = Vision.Storage.PlateKey;

namespace Vision.Service.Tests.Review;

/// <summary>Review, alerts, delivery and statistics through real gRPC clients against the running service, on SQLite.</summary>
[Collection(ReviewServiceCollection.Name)]
public sealed class SqliteReviewEndToEndTests(ReviewServiceFixture service) : ReviewEndToEndTests(service);

/// <summary>The same, with the service's store on a real PostgreSQL server.</summary>
[Collection(PostgresReviewServiceCollection.Name)]
public sealed class PostgresReviewEndToEndTests(PostgresReviewServiceFixture service) : ReviewEndToEndTests(service);

/// <summary>Review, alerts, delivery and statistics through real gRPC clients against the running service.</summary>
public abstract class ReviewEndToEndTests(ReviewServiceFixture service)
{
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 1, 0, 0, TimeSpan.Zero);

    private async Task<ViolationCandidate> RecordAsync(long trackId, EvidenceReference? evidence = null, DateTimeOffset? at = null)
    {
        var candidate = ViolationSamples.Candidate(trackId, at ?? Start.AddSeconds(trackId));
        await service.Services.GetRequiredService<IViolationRecorder>().RecordAsync(candidate, evidence, CancellationToken.None);
        return candidate;
    }

    [Theory]
    [InlineData("75-H1 425.999", 1201)] // a digit added
    [InlineData("42-H1 425.99", 1202)] // an area code never assigned
    [InlineData("75-H1 42599X", 1203)]
    public async Task Decide_ACorrectedPlateInNoVietnameseFormat_IsRefused_UntilTheOfficerSaysItIsWrittenAsOnTheVehicle(string typed, long trackId)
    {
        var client = new Contracts.V1.Review.ReviewClient(service.Channel);
        var candidate = await RecordAsync(trackId);

        var refused = await Assert.ThrowsAsync<RpcException>(() => client.DecideAsync(new DecideRequest
        {
            ViolationId = candidate.Id, ExpectedVersion = 1, Outcome = ReviewStatus.Corrected, CorrectedPlate = typed,
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        var errorInfo = refused.GetRpcStatus()!.Details.Single(d => d.Is(ErrorInfo.Descriptor)).Unpack<ErrorInfo>();
        Assert.Equal(("PLATE_FORMAT_UNKNOWN", typed), (errorInfo.Reason, errorInfo.Metadata["corrected_plate"]));
        Assert.Contains("motorcycle", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(ReviewStatus.Pending, (await client.GetViolationAsync(new GetViolationRequest { Id = candidate.Id })).Violation.Status);

        var decided = await client.DecideAsync(new DecideRequest
        {
            ViolationId = candidate.Id, ExpectedVersion = 1, Outcome = ReviewStatus.Corrected, CorrectedPlate = typed, PlateAsWritten = true,
        });
        Assert.Equal((ReviewStatus.Corrected, PlateKey.Normalize(typed)), (decided.Status, decided.Decision.CorrectedPlate));
        // The audit says the format check was overridden by the officer's word: it read like any checked correction.
        var audit = await service.Services.GetRequiredService<Vision.Storage.ReviewStore>().GetAuditAsync(candidate.Id, CancellationToken.None);
        Assert.EndsWith($"plate {PlateKey.Normalize(typed)} (written as on the vehicle, the officer says)", audit[^1].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decide_ACorrectedPlateInAVietnameseFormat_IsTakenAsTyped()
    {
        var client = new Contracts.V1.Review.ReviewClient(service.Channel);
        var candidate = await RecordAsync(1250);

        var decided = await client.DecideAsync(new DecideRequest
        {
            ViolationId = candidate.Id, ExpectedVersion = 1, Outcome = ReviewStatus.Corrected, CorrectedPlate = "75-H1 426.00",
        });

        Assert.Equal((ReviewStatus.Corrected, "75H142600"), (decided.Status, decided.Decision.CorrectedPlate));
    }

    [Fact]
    public async Task Decide_TwoOfficersAtOnce_OneWins_TheOtherGetsAbortedWithTheWinnersDecision()
    {
        using var secondChannel = service.NewChannel();
        var officerA = new Contracts.V1.Review.ReviewClient(service.Channel);
        var officerB = new Contracts.V1.Review.ReviewClient(secondChannel);
        for (var round = 0; round < 5; round++)
        {
            var candidate = await RecordAsync(1000 + round);
            var seenByA = (await officerA.GetViolationAsync(new GetViolationRequest { Id = candidate.Id })).Violation;
            var seenByB = (await officerB.GetViolationAsync(new GetViolationRequest { Id = candidate.Id })).Violation;
            Assert.Equal((1L, 1L), (seenByA.Version, seenByB.Version));

            var confirm = officerA.DecideAsync(new DecideRequest
            {
                ViolationId = candidate.Id, ExpectedVersion = seenByA.Version, OfficerId = "csgt-hue-017", Outcome = ReviewStatus.Confirmed,
            }).ResponseAsync;
            var reject = officerB.DecideAsync(new DecideRequest
            {
                ViolationId = candidate.Id, ExpectedVersion = seenByB.Version, OfficerId = "csgt-hue-042", Outcome = ReviewStatus.Rejected,
                RejectReason = RejectReason.PriorityVehicle,
            }).ResponseAsync;
            var outcomes = await Task.WhenAll(Outcome(confirm), Outcome(reject));

            var winner = Assert.Single(outcomes, o => o.Decided is not null).Decided!;
            var loser = Assert.Single(outcomes, o => o.Error is not null).Error!;
            Assert.Equal(StatusCode.Aborted, loser.StatusCode);
            var details = loser.GetRpcStatus()!.Details;
            var errorInfo = details.Single(d => d.Is(ErrorInfo.Descriptor)).Unpack<ErrorInfo>();
            Assert.Equal(("vision.v1", "REVIEW_CONFLICT"), (errorInfo.Domain, errorInfo.Reason));
            Assert.Equal(("2", winner.Decision.OfficerId), (errorInfo.Metadata["version"], errorInfo.Metadata["decided_by"]));
            var current = details.Single(d => d.Is(Violation.Descriptor)).Unpack<Violation>();
            Assert.Equal((winner.Status, winner.Decision.OfficerId, 2L), (current.Status, current.Decision.OfficerId, current.Version));

            // Deciding again at the version that shows the decision is refused: decisions are final.
            var again = await Assert.ThrowsAsync<RpcException>(() => officerB.DecideAsync(new DecideRequest
            {
                ViolationId = candidate.Id, ExpectedVersion = 2, OfficerId = "csgt-hue-042", Outcome = ReviewStatus.Confirmed,
            }).ResponseAsync);
            Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
            Assert.Equal("ALREADY_DECIDED", again.GetRpcStatus()!.Details.Single(d => d.Is(ErrorInfo.Descriptor)).Unpack<ErrorInfo>().Reason);

            var audit = (await officerA.GetViolationAsync(new GetViolationRequest { Id = candidate.Id })).Audit;
            Assert.Equal(["recorded", winner.Status == ReviewStatus.Confirmed ? "confirmed" : "rejected"], audit.Select(a => a.Action));
            Assert.Equal((winner.Status == ReviewStatus.Confirmed ? "csgt-hue-017" : "csgt-hue-042", "oidc"), (audit[1].Actor, audit[1].ActorSource));
        }

        static async Task<(Violation? Decided, RpcException? Error)> Outcome(Task<Violation> call)
        {
            try
            {
                return (await call, null);
            }
            catch (RpcException exception)
            {
                return (null, exception);
            }
        }
    }

    [Fact]
    public async Task Alerts_ClientReconnectingWithItsLastPosition_MissesNothingAndGetsNothingTwice()
    {
        var alerts = new Alerts.AlertsClient(service.Channel);
        var log = service.Services.GetRequiredService<AlertLog>();
        var existing = await log.ReadAfterAsync(0, 10_000, CancellationToken.None);
        var start = existing.Count == 0 ? 0 : existing[^1].Position;

        // Connected: three violations arrive live.
        var received = new List<Alert>();
        using (var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        using (var call = alerts.Subscribe(new SubscribeAlertsRequest { FromPosition = start }, cancellationToken: cancel.Token))
        {
            var first = new List<ViolationCandidate>();
            for (var i = 0; i < 3; i++)
            {
                first.Add(await RecordAsync(2000 + i));
            }

            while (received.Count < 3 && await call.ResponseStream.MoveNext(cancel.Token))
            {
                received.Add(call.ResponseStream.Current);
            }

            Assert.Equal(first.Select(c => c.Id), received.Select(a => a.ViolationId));
            await cancel.CancelAsync();
        }

        // Disconnected: two violations and a watchlist hit happen.
        var missed = new List<string> { (await RecordAsync(2003)).Id, (await RecordAsync(2004)).Id };
        var hit = new Vision.Domain.Plates.Consensus.WatchlistHit(
            new("75A-999.99", "stolen", null), "75A99999", Vision.Domain.Plates.Consensus.WatchlistMatchKind.Exact, 0, 0, 0.96f);
        Assert.NotNull(await log.AppendWatchlistHitAsync("hue-le-loi-1", 77, Start.AddSeconds(-2), 7700, Start, hit, CancellationToken.None));

        // Reconnect from the last position received: the three missed alerts, in order, then a live one.
        var resumed = new List<Alert>();
        using (var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        using (var call = alerts.Subscribe(new SubscribeAlertsRequest { FromPosition = received[^1].Position }, cancellationToken: cancel.Token))
        {
            while (resumed.Count < 3 && await call.ResponseStream.MoveNext(cancel.Token))
            {
                resumed.Add(call.ResponseStream.Current);
            }

            var live = await RecordAsync(2005);
            Assert.True(await call.ResponseStream.MoveNext(cancel.Token));
            resumed.Add(call.ResponseStream.Current);
            Assert.Equal(live.Id, resumed[^1].ViolationId);
            await cancel.CancelAsync();
        }

        Assert.Equal([.. missed, "", resumed[^1].ViolationId], resumed.Select(a => a.ViolationId));
        Assert.Equal([AlertKind.Violation, AlertKind.Violation, AlertKind.WatchlistHit, AlertKind.Violation], resumed.Select(a => a.Kind));
        Assert.Equal(("75A-999.99", "stolen", "Exact"), (resumed[2].Watchlist.ListedPlate, resumed[2].Watchlist.Reason, resumed[2].Watchlist.MatchKind));
        var positions = received.Concat(resumed).Select(a => a.Position).ToList();
        Assert.Equal(positions.Order(), positions);
        Assert.Equal(positions.Count, positions.Distinct().Count());
        Assert.Equal("75-H1 425.99", received[0].Plate);
        Assert.Equal("Không chấp hành hiệu lệnh của đèn tín hiệu giao thông (vượt đèn đỏ) tại camera hue-le-loi-1, biển số 75-H1 425.99", received[0].Summary);
    }

    [Fact]
    public async Task Alerts_FromAPositionThisServiceNeverSent_IsRefused_NotSilentlySkippedTo()
    {
        // A control room's saved position after the store was restored from an older backup: reading after it skipped
        // every new alert up to it without a word.
        var alerts = new Alerts.AlertsClient(service.Channel);
        var latest = await service.Services.GetRequiredService<AlertLog>().LatestPositionAsync(CancellationToken.None);
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var call = alerts.Subscribe(new SubscribeAlertsRequest { FromPosition = latest + 1000 }, cancellationToken: patience.Token);

        var refused = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(patience.Token));

        Assert.Equal((StatusCode.InvalidArgument, "POSITION_INVALID"), (refused.StatusCode, refused.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>().Reason));
    }

    [Fact]
    public async Task Alerts_WatchlistHitPublishedByACamera_IsStoredAndStreamed()
    {
        var alerts = new Alerts.AlertsClient(service.Channel);
        var log = service.Services.GetRequiredService<AlertLog>();
        var existing = await log.ReadAfterAsync(0, 10_000, CancellationToken.None);
        var camera = service.Services.GetRequiredService<Vision.Pipeline.Runtime.CameraSupervisor>().Find("hue-le-loi-1")!;
        var trackId = 8000 + Random.Shared.Next(1000);
        var seenAt = new DateTimeOffset(2026, 11, 28, 7, 45, 12, 300, TimeSpan.FromHours(7));
        var hit = new Vision.Domain.Plates.Consensus.WatchlistHit(
            new("75A-182.83", "wanted", "liên hệ CSGT Huế"), "75A18283", Vision.Domain.Plates.Consensus.WatchlistMatchKind.Exact, 0, 0, 0.93f);

        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var call = alerts.Subscribe(new SubscribeAlertsRequest { FromPosition = existing.Count == 0 ? 0 : existing[^1].Position },
            cancellationToken: cancel.Token);
        camera.Events.Publish(new Vision.Pipeline.Runtime.WatchlistHitEvent(camera.Id, 4242, seenAt, trackId, seenAt.AddSeconds(-4), hit));
        camera.Events.Publish(new Vision.Pipeline.Runtime.WatchlistHitEvent(camera.Id, 4243, seenAt.AddMilliseconds(100), trackId, seenAt.AddSeconds(-4), hit)); // same track and entry: one alert
        // Events of a camera are stored in order: once the next track's alert arrives, the repeat was handled.
        camera.Events.Publish(new Vision.Pipeline.Runtime.WatchlistHitEvent(camera.Id, 4244, seenAt.AddMilliseconds(200), trackId + 1, seenAt.AddSeconds(-1), hit));

        Assert.True(await call.ResponseStream.MoveNext(cancel.Token));
        var alert = call.ResponseStream.Current;
        Assert.Equal((AlertKind.WatchlistHit, "hue-le-loi-1", "75A18283"), (alert.Kind, alert.CameraId, alert.Plate));
        Assert.Equal(seenAt, alert.OccurredAt.ToDateTimeOffset());
        Assert.Equal(("75A-182.83", "wanted", "liên hệ CSGT Huế", (long)trackId, 4242L),
            (alert.Watchlist.ListedPlate, alert.Watchlist.Reason, alert.Watchlist.Note, alert.Watchlist.TrackId, alert.Watchlist.Sequence));
        Assert.True(await call.ResponseStream.MoveNext(cancel.Token));
        Assert.Equal((long)trackId + 1, call.ResponseStream.Current.Watchlist.TrackId);
        var marker = call.ResponseStream.Current.Position;
        Assert.Equal([alert.Position, marker],
            (await log.ReadAfterAsync(alert.Position - 1, 10, CancellationToken.None)).Where(a => a.Kind == Vision.Storage.AlertKind.WatchlistHit && a.Position <= marker).Select(a => a.Position));
        await cancel.CancelAsync();
    }

    [Fact]
    public async Task GetViolation_VerifiesTheManifest_AndStreamsEvidenceFiles_RefusingPathsOutsideThePackage()
    {
        var packageId = "pkg-" + Guid.NewGuid().ToString("N")[..8];
        var package = Path.Combine(service.EvidenceRoot, packageId);
        Directory.CreateDirectory(Path.Combine(package, "redacted"));
        var manifest = Encoding.UTF8.GetBytes("{\"packageId\":\"" + packageId + "\",\"files\":[\"redacted/overview.jpg\"]}");
        await File.WriteAllBytesAsync(Path.Combine(package, "manifest.json"), manifest);
        var photo = TestAssets.SampleBytes("images/vn_motorbikes_parked_101.jpg");
        await File.WriteAllBytesAsync(Path.Combine(package, "redacted", "overview.jpg"), photo);
        var candidate = await RecordAsync(3000, new EvidenceReference(packageId, Convert.ToHexStringLower(SHA256.HashData(manifest))));
        var altered = await RecordAsync(3001, new EvidenceReference(packageId, new string('0', 64)));
        var client = new Contracts.V1.Review.ReviewClient(service.Channel);

        var detail = await client.GetViolationAsync(new GetViolationRequest { Id = candidate.Id });
        Assert.Equal(EvidenceVerification.ManifestMatches, detail.Evidence.Verification);
        // This hand-made package has no signature: the full check says so even though the manifest is the recorded one.
        Assert.False(detail.Evidence.SignatureVerified);
        Assert.NotEmpty(detail.Evidence.VerificationProblems);
        Assert.Equal(Encoding.UTF8.GetString(manifest), detail.Evidence.ManifestJson);
        Assert.Equal(["manifest.json", "redacted/overview.jpg"], detail.Evidence.Files.Select(f => f.Name));
        Assert.Equal(photo.Length, detail.Evidence.Files[1].SizeBytes);
        Assert.Equal("7.7.c", detail.Violation.Legal.Code);
        Assert.Equal(16.4637, detail.Violation.Location.Latitude);
        Assert.Equal(EvidenceVerification.ManifestAltered, (await client.GetViolationAsync(new GetViolationRequest { Id = altered.Id })).Evidence.Verification);

        using var call = client.GetEvidenceFile(new GetEvidenceFileRequest { PackageId = packageId, FileName = "redacted/overview.jpg" });
        var streamed = new MemoryStream();
        long total = -1;
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            total = total < 0 ? call.ResponseStream.Current.TotalBytes : total;
            call.ResponseStream.Current.Data.WriteTo(streamed);
        }

        Assert.Equal(photo.Length, total);
        Assert.Equal(photo, streamed.ToArray());

        File.CreateSymbolicLink(Path.Combine(package, "redacted", "outside.jpg"), "/etc/hostname");
        foreach (var (id, name) in new[]
        {
            (packageId, "../../vision.db"), ("..", "vision.db"), (packageId, "/etc/passwd"), (packageId, "redacted\\..\\manifest.json"),
            (packageId, "redacted/outside.jpg"),
        })
        {
            using var refused = client.GetEvidenceFile(new GetEvidenceFileRequest { PackageId = id, FileName = name });
            var error = await Assert.ThrowsAsync<RpcException>(() => refused.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        }

        var missing = await Assert.ThrowsAsync<RpcException>(() => client.GetViolationAsync(new GetViolationRequest { Id = "no-such-violation" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task ListViolations_FiltersByPlateAndPagesWithTokens()
    {
        var at = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 7; i++)
        {
            await RecordAsync(4000 + i, at: at.AddMinutes(i));
        }

        var client = new Contracts.V1.Review.ReviewClient(service.Channel);
        var request = new ListViolationsRequest
        {
            OccurredFrom = Timestamp.FromDateTimeOffset(at), OccurredTo = Timestamp.FromDateTimeOffset(at.AddHours(1)),
            PlateContains = "h1-425", Kind = Contracts.V1.ViolationKind.RedLight, Status = ReviewStatus.Pending, PageSize = 3,
        };
        var pages = new List<ListViolationsResponse>();
        do
        {
            pages.Add(await client.ListViolationsAsync(request));
            request.PageToken = pages[^1].NextPageToken;
        }
        while (request.PageToken.Length > 0);

        Assert.Equal([3, 3, 1], pages.Select(p => p.Violations.Count));
        Assert.Equal(Enumerable.Range(0, 7).Reverse().Select(i => 4000L + i), pages.SelectMany(p => p.Violations).Select(v => v.TrackId));
        var bad = await Assert.ThrowsAsync<RpcException>(() => client.ListViolationsAsync(new ListViolationsRequest { PageToken = "garbage!" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        var unknownKind = await Assert.ThrowsAsync<RpcException>(() => client.ListViolationsAsync(
            new ListViolationsRequest { Kind = (Contracts.V1.ViolationKind)99 }).ResponseAsync);
        Assert.Equal("FILTER_INVALID", unknownKind.GetRpcStatus()!.Details.Single(d => d.Is(ErrorInfo.Descriptor)).Unpack<ErrorInfo>().Reason);
        var noVersion = await Assert.ThrowsAsync<RpcException>(() => client.DecideAsync(new DecideRequest
        {
            ViolationId = pages[0].Violations[0].Id, OfficerId = "csgt-hue-017", Outcome = ReviewStatus.Confirmed,
        }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, noVersion.StatusCode);
    }

    [Fact]
    public async Task Delivery_ToAFlakyOpen311Backend_EveryConfirmedViolationArrivesExactlyOnce()
    {
        var client = new Contracts.V1.Review.ReviewClient(service.Channel);
        var confirmed = new List<ViolationCandidate>();
        for (var i = 0; i < 30; i++)
        {
            var candidate = await RecordAsync(5000 + i, new EvidenceReference($"pkg-5{i:000}", new string('e', 64)));
            var corrected = i % 10 == 0;
            await client.DecideAsync(new DecideRequest
            {
                ViolationId = candidate.Id, ExpectedVersion = 1, OfficerId = "csgt-hue-017",
                Outcome = corrected ? ReviewStatus.Corrected : ReviewStatus.Confirmed, CorrectedPlate = corrected ? "75-H1 425.98" : "",
            });
            confirmed.Add(candidate);
        }

        var rejected = await RecordAsync(5100);
        await client.DecideAsync(new DecideRequest
        {
            ViolationId = rejected.Id, ExpectedVersion = 1, OfficerId = "csgt-hue-017", Outcome = ReviewStatus.Rejected, RejectReason = RejectReason.Duplicate,
        });

        var deadline = DateTime.UtcNow.AddSeconds(90);
        var ids = confirmed.Select(c => c.Id).ToHashSet();
        while (ids.Any(id => !service.Backend.Received.ContainsKey(id)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        // Wait until the service has recorded the outcome of every delivery too.
        var outbox = service.Services.GetRequiredService<DeliveryOutbox>();
        while (DateTime.UtcNow < deadline)
        {
            var states = await Task.WhenAll(ids.Select(id => outbox.GetAsync(id, CancellationToken.None)));
            if (states.All(s => s!.Status == Vision.Storage.DeliveryStatus.Sent))
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.All(ids, id => Assert.True(service.Backend.Received.ContainsKey(id), $"{id} never arrived"));
        Assert.False(service.Backend.Received.ContainsKey(rejected.Id));
        Assert.Equal(service.Backend.Received.Count, service.Backend.ServiceRequestsCreated);
        Assert.True(service.Backend.Refused > 0 && service.Backend.AnsweredLate > 0, "the backend must have failed and answered late at least once");
        Assert.Contains(ids, id => service.Backend.AttemptsByKey[id] > 1);

        var first = service.Backend.Received[confirmed[1].Id];
        Assert.Equal("traffic_red_light", first["service_code"]);
        Assert.Equal(("16.4637", "107.5909"), (first["lat"], first["long"]));
        Assert.Equal("https://evidence.hue.gov.vn/packages/pkg-5001/redacted/overview.jpg", first["media_url"]);
        Assert.Contains("Biển số: 75-H1 425.99", first["description"], StringComparison.Ordinal);
        Assert.Contains("Điều 7 khoản 7 điểm c", first["description"], StringComparison.Ordinal);
        Assert.Contains("Thời gian: 09:23:21 28/11/2026 (giờ Việt Nam)", first["description"], StringComparison.Ordinal);
        Assert.Contains("mức phạt 4.000.000 - 6.000.000 đồng", first["description"], StringComparison.Ordinal);
        Assert.Contains("Biển số: 75-H1 425.98 (cán bộ đã hiệu chỉnh; ảnh ghi biển số máy đọc 75-H1 425.99)", service.Backend.Received[confirmed[0].Id]["description"], StringComparison.Ordinal);

        var detail = await client.GetViolationAsync(new GetViolationRequest { Id = confirmed[1].Id });
        Assert.Equal(Contracts.V1.DeliveryStatus.Sent, detail.Violation.Delivery.Status);
        Assert.StartsWith("SR-", detail.Violation.Delivery.RemoteId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetryDelivery_OnlyRequeuesDeadLetteredReports()
    {
        var client = new Contracts.V1.Review.ReviewClient(service.Channel);
        var pending = await RecordAsync(7000);

        var notDead = await Assert.ThrowsAsync<RpcException>(() =>
            client.RetryDeliveryAsync(new RetryDeliveryRequest { ViolationId = pending.Id, OperatorId = "ops-1" }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, notDead.StatusCode);
        Assert.Equal("DELIVERY_NOT_DEAD_LETTERED", notDead.GetRpcStatus()!.Details.Single(d => d.Is(ErrorInfo.Descriptor)).Unpack<ErrorInfo>().Reason);
        var missing = await Assert.ThrowsAsync<RpcException>(() =>
            client.RetryDeliveryAsync(new RetryDeliveryRequest { ViolationId = "no-such-violation", OperatorId = "ops-1" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        using var anonymousChannel = service.AnonymousChannel();
        var anonymous = await Assert.ThrowsAsync<RpcException>(() =>
            new Contracts.V1.Review.ReviewClient(anonymousChannel).RetryDeliveryAsync(new RetryDeliveryRequest { ViolationId = pending.Id }).ResponseAsync);
        // A loopback caller without credentials holds only the machine roles of the embedded default.
        Assert.Equal(StatusCode.PermissionDenied, anonymous.StatusCode);
        Assert.Equal("ROLE_NOT_ALLOWED", anonymous.GetRpcStatus()!.Details.Single(d => d.Is(ErrorInfo.Descriptor)).Unpack<ErrorInfo>().Reason);
    }

    [Fact]
    public async Task Statistics_RpcAndCsv_ReportTheStoredFigures()
    {
        var day = new DateTimeOffset(2026, 9, 1, 17, 30, 0, TimeSpan.Zero); // 00:30 on 2 September in Huế
        for (var i = 0; i < 4; i++)
        {
            await RecordAsync(6000 + i, at: day.AddMinutes(i * 20));
        }

        var client = new Statistics.StatisticsClient(service.Channel);
        var request = new StatisticsRequest { From = Timestamp.FromDateTimeOffset(day.AddHours(-1)), To = Timestamp.FromDateTimeOffset(day.AddHours(2)) };
        var report = await client.GetStatisticsAsync(request);

        Assert.Equal(4, report.Total);
        Assert.Equal("Asia/Ho_Chi_Minh", report.TimeZone);
        Assert.Equal([("2026-09-02", 4L)], report.ByDay.Select(c => (c.Key, c.Count)));
        Assert.Equal(2, report.ByHour.Single(h => h.Key == "00").Count);
        Assert.Equal(2, report.ByHour.Single(h => h.Key == "01").Count);
        Assert.False(report.HasConfirmationRate);

        var csv = await client.ExportStatisticsCsvAsync(request);
        var text = csv.Content.ToStringUtf8();
        // A byte-order mark first, for Excel; the file is named by the local days the range covers (23:00 to 02:00 in Huế).
        Assert.StartsWith("\uFEFFsection,key,value\n", text, StringComparison.Ordinal);
        Assert.Contains("day,2026-09-02,4\n", text, StringComparison.Ordinal);
        Assert.Equal("vision-statistics-20260901-20260902.csv", csv.FileName);

        var invalid = await Assert.ThrowsAsync<RpcException>(() => client.GetStatisticsAsync(new StatisticsRequest()).ResponseAsync);
        Assert.Equal((StatusCode.InvalidArgument, "from"), (invalid.StatusCode, FieldOf(invalid)));
        // Grouped by hour before they are summed: ten years of figures would load millions of rows into the service.
        var decade = new StatisticsRequest { From = Timestamp.FromDateTimeOffset(day.AddYears(-10)), To = Timestamp.FromDateTimeOffset(day) };
        var tooLong = await Assert.ThrowsAsync<RpcException>(() => client.ExportStatisticsCsvAsync(decade).ResponseAsync);
        Assert.Equal((StatusCode.InvalidArgument, "to"), (tooLong.StatusCode, FieldOf(tooLong)));
        Assert.Contains("year by year", tooLong.Status.Detail, StringComparison.Ordinal);
        var year = new StatisticsRequest { From = Timestamp.FromDateTimeOffset(day.AddHours(2).AddDays(-366)), To = Timestamp.FromDateTimeOffset(day.AddHours(2)) };
        Assert.True((await client.GetStatisticsAsync(year)).Total >= 4);
    }

    private static string? FieldOf(RpcException error) =>
        error.GetRpcStatus()?.GetDetail<Google.Rpc.BadRequest>()?.FieldViolations.SingleOrDefault()?.Field;

    [Fact]
    public async Task Statistics_ShowEachSidewalkZonesOccupancy_AsTheCamerasReportIt()
    {
        // 01:00 UTC on Monday 7 September 2026 is 08:00 in Huế.
        var hour = new DateTimeOffset(2026, 9, 7, 1, 0, 0, TimeSpan.Zero);
        service.Services.GetRequiredService<Vision.Pipeline.StreetOrder.IZoneOccupancySink>()
            .Report(new Vision.Domain.StreetOrder.ZoneOccupancyHour("hue-le-loi-1", "east sidewalk", hour, hour, 3600, 1800, 7200, 0.8, 4));
        var client = new Statistics.StatisticsClient(service.Channel);
        var request = new StatisticsRequest { From = Timestamp.FromDateTimeOffset(hour), To = Timestamp.FromDateTimeOffset(hour.AddHours(1)) };

        // The report is written by the service's background writer: wait for it (bounded), then check what the RPC shows.
        var report = await client.GetStatisticsAsync(request);
        for (var attempt = 0; report.ZoneOccupancy.Count == 0 && attempt < 200; attempt++)
        {
            await Task.Delay(50);
            report = await client.GetStatisticsAsync(request);
        }

        var cell = Assert.Single(report.ZoneOccupancy);
        Assert.Equal(("hue-le-loi-1", "east sidewalk", 1, 8, 3600.0, 0.5, 2.0, 0.8, 4, 1),
            (cell.CameraId, cell.ZoneName, cell.DayOfWeek, cell.Hour, cell.ObservedSeconds, cell.MeanOccupiedShare, cell.MeanParkedVehicles,
                cell.PeakOccupiedShare, cell.PeakParkedVehicles, cell.Hours));
        var csv = (await client.ExportStatisticsCsvAsync(request)).Content.ToStringUtf8();
        Assert.Contains("zone_occupancy_share,hue-le-loi-1/east sidewalk/Mon/08,0.5\n", csv, StringComparison.Ordinal);
    }
}
