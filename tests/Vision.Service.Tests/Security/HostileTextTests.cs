using Google.Rpc;
using Grpc.Core;
using Vision.Contracts.V1;
using Vision.Domain.Violations;
using Vision.Pipeline.Tests.Support;
using Vision.Service.Security;
using Vision.Service.Tests.Review;
using Vision.Service.Tests.Support;
using Vision.Storage.Accounts;
using Vision.Storage.Tests.Support;

namespace Vision.Service.Tests.Security;

/// <summary>
/// Client strings at the edge: the 25 000-character camera and package ids and the 1 MB note that used to hang calls,
/// the NUL-and-escape officer id that used to be stored cut short, and control characters in logs.
/// </summary>
[Collection(ReviewServiceCollection.Name)]
public sealed class HostileTextTests(ReviewServiceFixture service)
{
    private static readonly string LongId = new('a', 25_000);
    private static readonly string MegabyteNote = new('n', 1_000_000);

    [Fact]
    public async Task AGatewayOpeningA25000CharacterCameraId_GetsInvalidArgumentNamingTheField_NotTheText()
    {
        using var call = new CameraIngest.CameraIngestClient(service.AnonymousChannel()).Stream();
        await call.RequestStream.WriteAsync(new IngestRequest { Open = new StreamOpen { CameraId = LongId } });

        var refused = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));

        AssertFieldInvalid(refused, "open.camera_id");
    }

    [Fact]
    public async Task A25000CharacterPackageId_IsRefusedWithoutEchoingIt()
    {
        var refused = await Assert.ThrowsAsync<RpcException>(() => new Contracts.V1.Evidence.EvidenceClient(service.Channel)
            .VerifyPackageAsync(new VerifyPackageRequest { PackageId = LongId }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.DoesNotContain("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", refused.Status.Detail, StringComparison.Ordinal);
        Assert.True(refused.GetRpcStatus()!.CalculateSize() < 1024);

        var file = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var stream = new Contracts.V1.Review.ReviewClient(service.Channel).GetEvidenceFile(new GetEvidenceFileRequest { PackageId = LongId, FileName = "overview.jpg" });
            await stream.ResponseStream.MoveNext(CancellationToken.None);
        });
        AssertFieldInvalid(file, "package_id");
    }

    [Fact]
    public async Task AOneMegabyteNote_IsRefused_AndTheViolationStaysDecidable()
    {
        var candidate = ViolationSamples.Candidate(9100, new DateTimeOffset(2026, 11, 28, 2, 0, 0, TimeSpan.Zero));
        await service.Services.GetRequiredService<IViolationRecorder>().RecordAsync(candidate, null, CancellationToken.None);
        var review = new Contracts.V1.Review.ReviewClient(service.Channel);

        var refused = await Assert.ThrowsAsync<RpcException>(() => review.DecideAsync(new DecideRequest
        {
            ViolationId = candidate.Id, ExpectedVersion = 1, Outcome = ReviewStatus.Rejected, RejectReason = RejectReason.Other, Note = MegabyteNote,
        }).ResponseAsync);
        AssertFieldInvalid(refused, "note");

        var controlled = await Assert.ThrowsAsync<RpcException>(() => review.DecideAsync(new DecideRequest
        {
            ViolationId = candidate.Id, ExpectedVersion = 1, Outcome = ReviewStatus.Rejected, RejectReason = RejectReason.Other, Note = "ok\u001b[31m red",
        }).ResponseAsync);
        AssertFieldInvalid(controlled, "note");

        var decided = await review.DecideAsync(new DecideRequest
        {
            ViolationId = candidate.Id, ExpectedVersion = 1, Outcome = ReviewStatus.Rejected, RejectReason = RejectReason.Other,
            Note = new string('n', ClientText.MaxNoteLength - 20) + "\nxe cứu thương",
        });
        Assert.Equal(ReviewStatus.Rejected, decided.Status);
        var again = await Assert.ThrowsAsync<RpcException>(() => review.DecideAsync(new DecideRequest
        {
            ViolationId = candidate.Id, ExpectedVersion = 1, Outcome = ReviewStatus.Confirmed,
        }).ResponseAsync);
        Assert.Equal(StatusCode.Aborted, again.StatusCode);
    }

    [Fact]
    public async Task TheOfficerIdInTheRequest_IsIgnored_TheAuthenticatedOfficerIsRecorded()
    {
        var candidate = ViolationSamples.Candidate(9101, new DateTimeOffset(2026, 11, 28, 2, 1, 0, TimeSpan.Zero));
        await service.Services.GetRequiredService<IViolationRecorder>().RecordAsync(candidate, null, CancellationToken.None);
        var review = new Contracts.V1.Review.ReviewClient(service.Channel);

        var decided = await review.DecideAsync(new DecideRequest
        {
            ViolationId = candidate.Id, ExpectedVersion = 1, Outcome = ReviewStatus.Confirmed, OfficerId = "anyone\0\u001b[31m" + new string('x', 10_000),
        });

        Assert.Equal("csgt-hue-017", decided.Decision.OfficerId);
        var audit = (await review.GetViolationAsync(new GetViolationRequest { Id = candidate.Id })).Audit;
        Assert.Equal(("csgt-hue-017", "oidc", "confirmed"), (audit[^1].Actor, audit[^1].ActorSource, audit[^1].Action));
    }

    [Fact]
    public async Task TheSameDecisionSentAgain_ByTheOfficerWhoMadeIt_IsAnsweredAsSaved_NotAsAConflict()
    {
        // The reply to the first was lost (a dropped connection, a deadline) and the client sent it again: it was answered
        // ABORTED, "changed since version 1 … Confirmed by csgt-hue-017", the officer's own decision as another's.
        var candidate = ViolationSamples.Candidate(9102, new DateTimeOffset(2026, 11, 28, 2, 2, 0, TimeSpan.Zero));
        await service.Services.GetRequiredService<IViolationRecorder>().RecordAsync(candidate, null, CancellationToken.None);
        var review = new Contracts.V1.Review.ReviewClient(service.Channel);
        var request = new DecideRequest { ViolationId = candidate.Id, ExpectedVersion = 1, Outcome = ReviewStatus.Confirmed };

        var first = await review.DecideAsync(request);
        var again = await review.DecideAsync(request);

        Assert.Equal((ReviewStatus.Confirmed, first.Version, "csgt-hue-017"), (again.Status, again.Version, again.Decision.OfficerId));
        var other = await Assert.ThrowsAsync<RpcException>(() => review.DecideAsync(new DecideRequest
        {
            ViolationId = candidate.Id, ExpectedVersion = 1, Outcome = ReviewStatus.Rejected, RejectReason = RejectReason.Other, Note = "another decision",
        }).ResponseAsync);
        Assert.Equal(StatusCode.Aborted, other.StatusCode);
    }

    [Theory]
    [InlineData("hue-le-loi-1", true)]
    [InlineData("hue-le-loi-1:RedLight:20261128T012959000Z-7:70", true)]
    [InlineData("hue le loi", false)]
    [InlineData("hue/../../etc", false)]
    [InlineData("anyone\0", false)]
    [InlineData("camera-ä", false)]
    public void Ids_AreLettersDigitsAndSafePunctuation(string id, bool valid) => Assert.Equal(valid, ClientText.IdProblem(id) is null);

    [Fact]
    public void Ids_AreAtMost128Characters() =>
        Assert.Equal((true, false), (ClientText.IdProblem(new string('a', 128)) is null, ClientText.IdProblem(new string('a', 129)) is null));

    [Fact]
    public void LogText_EscapesControlCharacters_AndBoundsLength()
    {
        Assert.Equal("anyone\\u0000\\u001b[31m", LogText.Escape("anyone\0\u001b[31m"));
        Assert.Equal("line\\u000aforged entry", LogText.Escape("line\nforged entry"));
        var escaped = LogText.Escape(new string('x', 25_000));
        Assert.Equal(LogText.MaxLength + "… (25000 characters)".Length, escaped.Length);
    }

    private static void AssertFieldInvalid(RpcException refused, string field)
    {
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        var status = refused.GetRpcStatus()!;
        var info = status.Details.Single(d => d.Is(ErrorInfo.Descriptor)).Unpack<ErrorInfo>();
        Assert.Equal((ClientText.InvalidReason, field), (info.Reason, info.Metadata["field"]));
        Assert.Equal(field, status.Details.Single(d => d.Is(BadRequest.Descriptor)).Unpack<BadRequest>().FieldViolations.Single().Field);
        Assert.True(status.CalculateSize() < 1024, $"the refusal is {status.CalculateSize()} bytes: it must not echo the text");
    }

    [Fact]
    public async Task AWebDecisionWithATerminalEscapeOrAnOverlongNote_IsRefused_AndTheViolationStaysPending()
    {
        var candidate = ViolationSamples.Candidate(9200, new DateTimeOffset(2026, 11, 28, 2, 30, 0, TimeSpan.Zero));
        await service.Services.GetRequiredService<IViolationRecorder>().RecordAsync(candidate, null, CancellationToken.None);
        using var browser = await SignedInOfficerAsync();
        var page = "/violations/" + Uri.EscapeDataString(candidate.Id);
        await browser.GetAsync(page);

        var withEscape = await browser.PostAsync(page + "?handler=Decide",
            new Dictionary<string, string> { ["Outcome"] = "reject", ["Version"] = "1", ["Reason"] = "Other", ["Note"] = "đèn đỏ \u001b[31m" });
        var overlong = await browser.PostAsync(page + "?handler=Decide",
            new Dictionary<string, string> { ["Outcome"] = "confirm", ["Version"] = "1", ["Note"] = new string('n', ClientText.MaxNoteLength + 1) });

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, withEscape.Status);
        Assert.Contains("no control characters", System.Net.WebUtility.HtmlDecode(withEscape.Html), StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, overlong.Status);
        Assert.Contains($"at most {ClientText.MaxNoteLength} characters", System.Net.WebUtility.HtmlDecode(overlong.Html), StringComparison.Ordinal);
        var stored = await service.Services.GetRequiredService<Vision.Storage.ReviewStore>().GetAsync(candidate.Id, CancellationToken.None);
        Assert.Equal((Vision.Storage.ReviewStatus.Pending, 1L), (stored!.Status, stored.Version));
    }

    [Fact]
    public async Task DaysOutOfReachOrMalformed_AreRefused_AndSoIsAControlCharacterInTheLanguageReturnAddress_NeverServerErrors()
    {
        using var browser = await SignedInOfficerAsync();

        // Figures of a day out of reach, or no day at all, are refused: shown for another period they would be misread;
        // so is a queue filtered by one (it listed the queue unfiltered by it).
        foreach (var page in (string[])["/queue?from=0001-01-01T00:00", "/queue?to=9999-12-31T23:59", "/dashboard?to=0001-01-05", "/dashboard?from=2026-13-01&to=2026-12-31", "/charts/by-day.png?to=0001-01-05",
                     "/charts/by-day.png?from=yesterday", "/reports/week.csv?day=0001-01-01", "/reports/month.pdf?day=9999-12-15",
                     "/reports/month.pdf?day=2026-02-30"])
        {
            Assert.True((await browser.GetAsync(page)).Status == System.Net.HttpStatusCode.BadRequest, page);
        }

        // Told as text in the page's language (Vietnamese by default), naming the years allowed: it was sent as JSON, every
        // Vietnamese letter escaped.
        var (status, refusal) = await browser.GetAsync("/reports/week.pdf?day=1999-06-15");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, status);
        Assert.Equal("Ngày không hợp lệ: phải là một ngày (yyyy-MM-dd) từ năm 2000 đến 2199.", refusal);
        Assert.Contains("từ năm 2000 đến 2199", (await browser.GetAsync("/charts/by-day.png?from=1999-12-01")).Html, StringComparison.Ordinal);

        Assert.Equal(System.Net.HttpStatusCode.OK, (await browser.GetAsync("/reports/month.csv?day=2026-02-28")).Status);

        // A tab in an address is refused by name before any page sees it (ControlCharacterGuard), never followed.
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await browser.GetAsync("/language?culture=en&returnUrl=/%09/evil.example")).Status);
    }

    private Task<BrowserSession> SignedInOfficerAsync() =>
        BrowserSession.SignedInOfficerAsync(service.Address, service.Services.GetRequiredService<AccountStore>());
}
