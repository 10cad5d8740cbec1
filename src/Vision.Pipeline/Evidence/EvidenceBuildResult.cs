using Vision.Domain.Violations;


namespace Vision.Pipeline.Evidence;

/// <summary>The outcome of building one package: the stored package's reference, or why none was built.</summary>
/// <param name="AlreadyStored">A package with this id existed already (a replay of the same violation); it was kept.</param>
public sealed record EvidenceBuildResult(
    EvidenceReference? Reference,
    string? FailureReason,
    EvidenceBuildTimings Timings,
    int KeyFrameCount,
    int ClipFrameCount,
    bool AlreadyStored = false)
{
    public static EvidenceBuildResult Failed(string reason) =>
        new(null, reason, new EvidenceBuildTimings(default, default, default, default, default, default), 0, 0);
}
