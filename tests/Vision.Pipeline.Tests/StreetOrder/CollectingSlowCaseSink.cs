using Vision.Domain.Violations;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.StreetOrder;

namespace Vision.Pipeline.Tests.StreetOrder;

/// <summary>A real sink that keeps every violation it is given, in order, with the frames that came with a slow case.</summary>
public sealed class CollectingSlowCaseSink : ISlowCaseSink
{
    private readonly List<(ViolationCandidate Candidate, IReadOnlyList<EncodedFrame> Frames)> _cases = [];

    public IReadOnlyList<(ViolationCandidate Candidate, IReadOnlyList<EncodedFrame> Frames)> Cases
    {
        get
        {
            lock (_cases)
            {
                return [.. _cases];
            }
        }
    }

    public IReadOnlyList<ViolationCandidate> Violations => [.. Cases.Select(c => c.Candidate)];

    public void Submit(ViolationCandidate candidate) => Submit(candidate, []);

    public void Submit(ViolationCandidate candidate, IReadOnlyList<EncodedFrame> frames)
    {
        lock (_cases)
        {
            _cases.Add((candidate, frames));
        }
    }
}
