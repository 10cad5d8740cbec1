namespace Vision.Domain.Violations;

/// <summary>
/// Where rules hand over violation candidates. Called inline on a camera's detect loop, so it must not block;
/// violations are never dropped, so an implementation queues without a bound (they are rare next to frames).
/// </summary>
public interface IViolationSink
{
    void Submit(ViolationCandidate candidate);
}
