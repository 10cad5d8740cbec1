using Vision.Domain.Violations;
using Vision.Pipeline.Runtime;

namespace Vision.Pipeline.StreetOrder;

/// <summary>
/// A violation sink that also takes a slow case's time-lapse frames (its episode outlasts the camera's short frame
/// history, so the frames travel with it). Like <see cref="IViolationSink.Submit"/>: inline on the camera loop, never blocks, never drops.
/// </summary>
public interface ISlowCaseSink : IViolationSink
{
    void Submit(ViolationCandidate candidate, IReadOnlyList<EncodedFrame> frames);
}
