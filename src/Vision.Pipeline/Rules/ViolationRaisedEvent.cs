using Vision.Domain.Violations;
using Vision.Pipeline.Runtime;

namespace Vision.Pipeline.Rules;

/// <summary>A rule raised a violation on this camera (told to the camera's observers, e.g. the gateway stream).</summary>
public sealed record ViolationRaisedEvent(ViolationCandidate Violation) : CameraEvent(Violation.CameraId, Violation.Sequence);
