using Vision.Pipeline.Runtime;
using Vision.Pipeline.Violations;

namespace Vision.Pipeline.Evidence;

/// <summary>Writes the privacy-redacted copy of a package's images (for anything shown outside the police) into the draft.</summary>
public interface IEvidenceRedaction
{
    void WriteRedactedCopy(PackageDraft draft, ViolationCandidate candidate, IReadOnlyList<(KeyFrameRole Role, EncodedFrame Frame)> keyFrames, CancellationToken cancellationToken);
}
