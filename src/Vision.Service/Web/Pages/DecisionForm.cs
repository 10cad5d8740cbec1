using Vision.Service.Cases;
using Vision.Service.Security;
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

    /// <summary>The officer says a corrected plate that fits no Vietnamese format is written as on the vehicle.</summary>
    public bool PlateAsWritten { get; set; }

    /// <summary>
    /// What makes the form unacceptable (the rules gRPC's Decide applies to the same fields), or null. Confirming with the
    /// machine's plate cleared is refused: the officer removed a read they saw was wrong, and confirming would report it.
    /// </summary>
    public string? Problem(ViolationRecord violation) =>
        ClientText.TextProblem(Note ?? string.Empty) is { } note ? "note: " + note
        : ClientText.TextProblem(Plate ?? string.Empty, ClientText.MaxPlateLength) is { } plate ? "plate: " + plate
        : Outcome == Confirm && MachinePlate(violation).Length > 0 && PlateKey.Normalize(Plate ?? string.Empty).Length == 0
            ? "plate: the plate was cleared; type the plate as you read it, or reject the violation (plate unreadable)"
        : IsCorrection(violation) && !PlateAsWritten && CorrectedPlateFormat.Problem(Plate!, violation.ObjectClass) is { } format ? "plate: " + format
        : null;

    /// <summary>Whether the officer confirms with a plate other than the machine's (a correction, or a refused one when cut short).</summary>
    public bool IsCorrection(ViolationRecord violation) =>
        Outcome == Confirm && PlateKey.Normalize(Plate ?? string.Empty) is { Length: > 0 } typed && typed != MachinePlate(violation);

    public ReviewDecision? ToDecision(ViolationRecord violation, VisionCaller officer)
    {
        var note = string.IsNullOrWhiteSpace(Note) ? null : Note.Trim();
        switch (Outcome)
        {
            case Confirm:
                return IsCorrection(violation)
                    ? new ReviewDecision(violation.Id, Version, officer.Id, ReviewStatus.Corrected, Note: note, CorrectedPlate: Plate!.Trim(), OfficerSource: officer.Source,
                        PlateAsWritten: PlateAsWritten)
                    : new ReviewDecision(violation.Id, Version, officer.Id, ReviewStatus.Confirmed, Note: note, OfficerSource: officer.Source);
            case Reject:
                return new ReviewDecision(violation.Id, Version, officer.Id, ReviewStatus.Rejected, Reason ?? RejectReason.Other, note, OfficerSource: officer.Source);
            default:
                return null;
        }
    }

    private static string MachinePlate(ViolationRecord violation) => PlateKey.Normalize(violation.PlateFormatted ?? violation.PlateText ?? string.Empty);
}
