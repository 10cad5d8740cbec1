using Vision.Domain.Geography;
using Vision.Domain.Inference;
using Vision.Domain.Violations;

namespace Vision.Storage;

/// <summary>A stored violation as review, alerts, delivery and statistics read it.</summary>
/// <param name="Version">Bumped by every change; a decision names the version the officer saw.</param>
/// <param name="PlateReads">The machine's decided read (rank 0) and its alternatives; empty when no plate was read.</param>
/// <param name="CorrectedPlate">The officer's plate when the decision was Corrected; the machine read stays in <paramref name="PlateText"/>.</param>
public sealed record ViolationRecord(
    string Id,
    string CameraId,
    ViolationKind Kind,
    long TrackId,
    string ObjectClass,
    long Sequence,
    DateTimeOffset OccurredAt,
    DateTimeOffset RecordedAt,
    GeoPosition? Position,
    string? ZoneName,
    LegalReference? Legal,
    RuleProvenance Provenance,
    IReadOnlyList<ModelIdentity> Models,
    IReadOnlyList<Measurement> Measurements,
    string? PlateText,
    string? PlateFormatted,
    double? PlateScore,
    bool? PlateValid,
    IReadOnlyList<StoredPlateRead> PlateReads,
    EvidenceReference? Evidence,
    ViolationDetails Details,
    ReviewStatus Status,
    long Version,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    RejectReason? RejectReason,
    string? DecisionNote,
    string? CorrectedPlate,
    DeliveryState? Delivery)
{
    /// <summary>How sure the machine was of each character of <see cref="PlateText"/>, 0–1; empty when unknown.</summary>
    public IReadOnlyList<float> PlateCharacterConfidences { get; init; } = [];

    /// <summary>The plate to report: the officer's correction when there is one, otherwise the machine read.</summary>
    public string? ReportedPlate => CorrectedPlate ?? PlateFormatted ?? PlateText;
}
