using Vision.Domain.Violations;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.StreetOrder;

namespace Vision.Pipeline.Evidence;

/// <summary>
/// One camera's violations when evidence is on: each goes to the camera's evidence feed first (journaled, queued, never
/// dropped), then to the sinks that only observe (the log and the camera's event). Never blocks.
/// </summary>
public sealed class ChainedViolationSink(CameraEvidenceFeed evidence, IReadOnlyList<IViolationSink> observers) : ISlowCaseSink
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
