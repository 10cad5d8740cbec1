using Vision.Domain.Geometry;
using Vision.Domain.Violations;
using Vision.Pipeline.Evidence;
using Vision.Pipeline.Tests.Evidence;
using Vision.Service.Tests.Review;
using Vision.Service.Tests.Support;
using Vision.Storage;
using Vision.Storage.Accounts;
using Vision.Storage.Tests.Support;

namespace Vision.Service.Tests.Web;

/// <summary>The violation page's decision form posted over HTTP, as a browser posts it.</summary>
[Collection(ReviewServiceCollection.Name)]
public sealed class DecisionPostTests(ReviewServiceFixture service)
{
    [Theory]
    [InlineData(9310, "confirm", "75-H1 425.999", null)] // a digit added: no motorbike format
    [InlineData(9311, "confirm", "75H", null)] // too short for any plate
    [InlineData(9312, "reject", null, "Other")] // another reason, without its note
    public async Task AnIncompleteDecision_PostedAfterAnotherOfficerDecided_IsTheirDecisionStanding_NotAFormToFix(long track, string outcome, string? plate, string? reason)
    {
        // Officer A fills in a decision the form would refuse while officer B confirms: A was told to fix it (tick "written as
        // on the vehicle", give the reason) on a page that no longer had the form.
        var candidate = ViolationSamples.Candidate(track, new DateTimeOffset(2026, 11, 28, 3, 0, 0, TimeSpan.Zero));
        await service.Services.GetRequiredService<IViolationRecorder>().RecordAsync(candidate, null, CancellationToken.None);
        using var officerA = await BrowserSession.SignedInOfficerAsync(service.Address, service.Services.GetRequiredService<AccountStore>());
        var page = "/violations/" + Uri.EscapeDataString(candidate.Id);
        await officerA.GetAsync(page);
        await service.Services.GetRequiredService<ReviewStore>().DecideAsync(
            new ReviewDecision(candidate.Id, 1, "csgt-hue-021", ReviewStatus.Confirmed), CancellationToken.None);

        var fields = new Dictionary<string, string> { ["Outcome"] = outcome, ["Version"] = "1" };
        if (plate is not null)
        {
            fields["Plate"] = plate;
        }

        if (reason is not null)
        {
            fields["Reason"] = reason;
        }

        var posted = await officerA.PostAsync(page + "?handler=Decide", fields);

        Assert.Equal(System.Net.HttpStatusCode.Conflict, posted.Status);
        Assert.Contains("id=\"conflict\"", posted.Html, StringComparison.Ordinal);
        Assert.Contains("csgt-hue-021", posted.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"decision-problem\"", posted.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvidenceAlteredSinceItWasSealed_CannotBeConfirmed_ButTheViolationCanBeRejected()
    {
        var frames = EvidenceSamples.PhotoFrames("images/vn_motorbikes_parked_101.jpg", 41, Random.Shared.NextInt64(1, 1_000_000_000), DateTimeOffset.UtcNow);
        var candidate = EvidenceSamples.RedLight(frames[20], new BoundingBox(250, 260, 480, 900), [], null) with { TrackId = 9320 };
        var package = service.Services.GetRequiredService<EvidencePackageBuilder>().Build(candidate, EvidenceSamples.Camera, frames, CancellationToken.None).Reference!;
        await service.Services.GetRequiredService<IViolationRecorder>().RecordAsync(candidate, package, CancellationToken.None);
        var folder = service.Services.GetRequiredService<IEvidenceStore>().Locate(package.PackageId)!;
        var overview = Directory.EnumerateFiles(folder, "*.jpg", SearchOption.AllDirectories).First();
        await File.AppendAllTextAsync(overview, "altered");
        using var officer = await BrowserSession.SignedInOfficerAsync(service.Address, service.Services.GetRequiredService<AccountStore>());
        var page = "/violations/" + Uri.EscapeDataString(candidate.Id);
        await officer.GetAsync(page);

        var confirmed = await officer.PostAsync(page + "?handler=Decide", new Dictionary<string, string> { ["Outcome"] = "confirm", ["Version"] = "1" });

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, confirmed.Status);
        Assert.Contains("does not verify", System.Net.WebUtility.HtmlDecode(confirmed.Html), StringComparison.Ordinal);
        Assert.Equal(ReviewStatus.Pending, (await service.Services.GetRequiredService<ReviewStore>().GetAsync(candidate.Id, CancellationToken.None))!.Status);
        var rejected = await officer.PostAsync(page + "?handler=Decide",
            new Dictionary<string, string> { ["Outcome"] = "reject", ["Version"] = "1", ["Reason"] = "InsufficientEvidence" });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, rejected.Status);
    }

    [Fact]
    public async Task ACorrectionInNoPlateFormat_OnAPendingViolation_IsStillAFormToFix()
    {
        var candidate = ViolationSamples.Candidate(9301, new DateTimeOffset(2026, 11, 28, 3, 5, 0, TimeSpan.Zero));
        await service.Services.GetRequiredService<IViolationRecorder>().RecordAsync(candidate, null, CancellationToken.None);
        using var officer = await BrowserSession.SignedInOfficerAsync(service.Address, service.Services.GetRequiredService<AccountStore>());
        var page = "/violations/" + Uri.EscapeDataString(candidate.Id);
        await officer.GetAsync(page);

        var posted = await officer.PostAsync(page + "?handler=Decide",
            new Dictionary<string, string> { ["Outcome"] = "confirm", ["Version"] = "1", ["Plate"] = "75-H1 425.999" });

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, posted.Status);
        Assert.Contains("id=\"decision-problem\"", posted.Html, StringComparison.Ordinal);
        var stored = await service.Services.GetRequiredService<ReviewStore>().GetAsync(candidate.Id, CancellationToken.None);
        Assert.Equal(ReviewStatus.Pending, stored!.Status);
    }
}
