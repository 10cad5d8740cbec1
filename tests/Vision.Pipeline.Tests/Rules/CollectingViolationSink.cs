using Vision.Domain.Violations;


namespace Vision.Pipeline.Tests.Rules;

/// <summary>A real sink that keeps every violation it is given, in order.</summary>
public sealed class CollectingViolationSink : IViolationSink
{
    private readonly List<ViolationCandidate> _violations = [];

    public IReadOnlyList<ViolationCandidate> Violations
    {
        get
        {
            lock (_violations)
            {
                return _violations.ToList();
            }
        }
    }

    public void Submit(ViolationCandidate candidate)
    {
        lock (_violations)
        {
            _violations.Add(candidate);
        }
    }
}
