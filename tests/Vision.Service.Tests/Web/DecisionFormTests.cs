using Vision.Domain.Geography;
using Vision.Domain.Violations;
using Vision.Service.Security;
using Vision.Service.Web.Pages;
using Vision.Storage;
using Vision.Storage.Tests.Support;

namespace Vision.Service.Tests.Web;

/// <summary>The violation page's decision form: which decision the officer's keys and typed plate make.</summary>
public sealed class DecisionFormTests
{
    private static readonly VisionCaller Officer = new("officer1", "local-account", "Officer One");

    [Theory]
    [InlineData("75-H1 425.99", ReviewStatus.Confirmed, null)]
    [InlineData("75H142599", ReviewStatus.Confirmed, null)]
    [InlineData("75-H1 425.88", ReviewStatus.Corrected, "75-H1 425.88")]
    [InlineData("29-MĐ1 123.45", ReviewStatus.Confirmed, null, "29MD112345", "29-MD1 123.45")] // Đ is the reader's D
    [InlineData("29-MĐ1 123.46", ReviewStatus.Corrected, "29-MĐ1 123.46", "29MD112345", "29-MD1 123.45")]
    public void Confirming_ConfirmsTheMachinesPlate_OrCorrectsItToTheTypedOne(string typed, ReviewStatus outcome, string? corrected,
        string machine = "75H142599", string machineFormatted = "75-H1 425.99")
    {
        var form = new DecisionForm { Outcome = DecisionForm.Confirm, Version = 1, Plate = typed };
        var violation = Pending(machine, machineFormatted);

        Assert.Null(form.Problem(violation));
        var decision = form.ToDecision(violation, Officer)!;
        Assert.Equal((outcome, corrected), (decision.Outcome, decision.CorrectedPlate));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(" - . ")]
    public void Confirming_WithThePlateCleared_IsRefused_NotAConfirmationOfTheMachinesRead(string typed)
    {
        // The officer deleted a plate they saw was wrong: confirming the machine's read would report the wrong vehicle.
        var form = new DecisionForm { Outcome = DecisionForm.Confirm, Version = 1, Plate = typed };

        Assert.Contains("plate", form.Problem(Pending("75H142599", "75-H1 425.99")), StringComparison.Ordinal);
        Assert.Null(form.Problem(Pending(null, null)));
        Assert.Null(new DecisionForm { Outcome = DecisionForm.Reject, Reason = RejectReason.PlateUnreadable, Version = 1, Plate = typed }
            .Problem(Pending("75H142599", "75-H1 425.99")));
    }

    [Theory]
    [InlineData("75-H1 425.999")] // a digit added
    [InlineData("42-H1 425.99")] // an area code never assigned
    [InlineData("75-H1 42599X")]
    public void Correcting_ToAPlateInNoVietnameseFormat_IsRefused_UntilTheOfficerSaysItIsWrittenAsOnTheVehicle(string typed)
    {
        var violation = Pending("75H142599", "75-H1 425.99");
        var form = new DecisionForm { Outcome = DecisionForm.Confirm, Version = 1, Plate = typed };

        Assert.StartsWith("plate: ", form.Problem(violation), StringComparison.Ordinal);
        Assert.Contains("motorcycle", form.Problem(violation), StringComparison.Ordinal);

        form.PlateAsWritten = true;
        Assert.Null(form.Problem(violation));
        var decision = form.ToDecision(violation, Officer)!;
        Assert.Equal((ReviewStatus.Corrected, typed, true), (decision.Outcome, decision.CorrectedPlate, decision.PlateAsWritten));
    }

    private static ViolationRecord Pending(string? plateText, string? plateFormatted)
    {
        var candidate = ViolationSamples.Candidate(5, ViolationSamples.Morning);
        return new ViolationRecord(candidate.Id, candidate.CameraId, candidate.Kind, candidate.TrackId, candidate.ObjectClass, candidate.Sequence,
            candidate.OccurredAt, candidate.OccurredAt.AddSeconds(2), new GeoPosition(16.4637, 107.5909), candidate.ZoneName, candidate.Legal,
            candidate.Provenance, candidate.Models, candidate.Measurements, plateText, plateFormatted, plateText is null ? null : 0.8,
            plateText is null ? null : true, [], new EvidenceReference("pkg-5", new string('e', 64)), ViolationDetails.Of(candidate),
            ReviewStatus.Pending, 1, null, null, null, null, null, null);
    }
}
