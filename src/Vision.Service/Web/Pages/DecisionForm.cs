using Vision.Storage;

namespace Vision.Service.Web.Pages;

/// <summary>What the violation page's decision forms post.</summary>
public sealed class DecisionForm
{
    public const string Confirm = "confirm";
    public const string Reject = "reject";

    /// <summary><see cref="Confirm"/> (a changed plate makes it a correction) or <see cref="Reject"/>.</summary>
    public string? Outcome { get; set; }

    /// <summary>The violation version the officer looked at.</summary>
    public long Version { get; set; }

    public string? Plate { get; set; }

    public RejectReason? Reason { get; set; }

    public string? Note { get; set; }

    public ReviewDecision? ToDecision(ViolationRecord violation, string officer)
    {
        var note = string.IsNullOrWhiteSpace(Note) ? null : Note.Trim();
        switch (Outcome)
        {
            case Confirm:
                var machine = PlateKey.Normalize(violation.PlateFormatted ?? violation.PlateText ?? string.Empty);
                var typed = PlateKey.Normalize(Plate ?? string.Empty);
                return typed.Length > 0 && typed != machine
                    ? new ReviewDecision(violation.Id, Version, officer, ReviewStatus.Corrected, Note: note, CorrectedPlate: Plate!.Trim())
                    : new ReviewDecision(violation.Id, Version, officer, ReviewStatus.Confirmed, Note: note);
            case Reject:
                return new ReviewDecision(violation.Id, Version, officer, ReviewStatus.Rejected, Reason ?? RejectReason.Other, note);
            default:
                return null;
        }
    }
}
