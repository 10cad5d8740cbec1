namespace Vision.Domain.Violations;

/// <summary>
/// The durable end of the violation path (the violations store): a violation is acknowledged only once this
/// returned, and from then on it is never lost.
/// </summary>
public interface IViolationRecorder
{
    /// <param name="evidence">The sealed evidence package, or null when building it failed (the violation is still kept, flagged for review).</param>
    Task RecordAsync(ViolationCandidate violation, EvidenceReference? evidence, CancellationToken cancellationToken);
}
