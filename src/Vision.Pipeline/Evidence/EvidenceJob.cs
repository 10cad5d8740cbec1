using System.Diagnostics;
using Vision.Domain.Violations;
using Vision.Pipeline.Cameras;
using Vision.Pipeline.Runtime;

namespace Vision.Pipeline.Evidence;

/// <summary>
/// A violation ready to be packaged: the camera (null when no camera of this service produced it), the frames taken
/// from its history and where the tracker had the vehicles in them.
/// </summary>
internal sealed record EvidenceJob(ViolationCandidate Candidate, CameraDefinition? Camera, IReadOnlyList<EncodedFrame> Frames, TrackedVehicles Vehicles)
{
    /// <summary>The span that raised the violation (a frame's rules), so building and recording it join that frame's trace.</summary>
    public ActivityContext Origin { get; init; }
}
