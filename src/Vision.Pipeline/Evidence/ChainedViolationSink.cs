using Vision.Domain.Violations;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.StreetOrder;

namespace Vision.Pipeline.Evidence;

/// <summary>
/// The sink rules submit to when evidence is on: each violation goes to the evidence recorder first (queued, never
/// dropped), then to the sinks that only observe (the rules' log and camera event). Never blocks.
/// </summary>
public sealed class ChainedViolationSink(EvidenceRecorder evidence, IReadOnlyList<IViolationSink> observers) : ISlowCaseSink
{
    public void Submit(ViolationCandidate candidate, IReadOnlyList<EncodedFrame> frames)
    {
        evidence.Submit(candidate, frames);
        foreach (var observer in observers)
        {
            observer.Submit(candidate);
        }
    }

    public void Submit(ViolationCandidate candidate)
    {
        evidence.Submit(candidate);
        foreach (var observer in observers)
        {
            observer.Submit(candidate);
        }
    }
}
