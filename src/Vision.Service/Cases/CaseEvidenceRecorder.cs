using Vision.Domain.Violations;
using Vision.Storage;

namespace Vision.Service.Cases;

/// <summary>
/// Records violations, and holds a package linked late (sealed after its violation was stored without one) when an
/// officer confirmed the violation meanwhile: its case is open, so its evidence must outlive retention like any other
/// confirmed case's.
/// </summary>
public sealed class CaseEvidenceRecorder(ViolationRecorder recorder, CaseReview review) : IViolationRecorder
{
    public async Task RecordAsync(ViolationCandidate violation, EvidenceReference? evidence, CancellationToken cancellationToken)
    {
        var stored = await recorder.TryRecordAsync(violation, evidence, cancellationToken);
        if (!stored && evidence is not null)
        {
            await review.KeepEvidenceHoldAsync(violation.Id, null, cancellationToken);
        }
    }
}
