using Vision.Domain.Geometry;
using Vision.Domain.Violations;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.Tracking;

namespace Vision.Pipeline.Evidence;

/// <summary>
/// Where the camera pipeline's tracker had the offender and every other vehicle in each buffered frame, so redaction
/// needs no detector run of its own for those frames and follows the offender past the violation frame.
/// </summary>
public sealed class TrackedVehicles
{
    private readonly Dictionary<long, (BoundingBox? Offender, List<BoundingBox> Others)> _frames = [];

    public TrackedVehicles(ViolationCandidate candidate, IEnumerable<FrameResult> results)
    {
        foreach (var result in results)
        {
            BoundingBox? offender = null;
            var others = new List<BoundingBox>();
            foreach (var track in result.Tracks)
            {
                if (track.TrackId == candidate.TrackId)
                {
                    offender = track.Box;
                }
                else if (track.Family == ClassFamily.Vehicle)
                {
                    others.Add(track.Box);
                }
            }

            _frames[result.Sequence] = (offender, others);
        }
    }

    private TrackedVehicles()
    {
    }

    /// <summary>No tracker data: redaction detects vehicles itself.</summary>
    public static TrackedVehicles None { get; } = new();

    public int FrameCount => _frames.Count;

    /// <summary>The offender's box (null when the tracker did not have it in that frame) and the other vehicles' boxes.</summary>
    public bool TryGet(long sequence, out BoundingBox? offender, out IReadOnlyList<BoundingBox> others)
    {
        if (_frames.TryGetValue(sequence, out var frame))
        {
            (offender, others) = (frame.Offender, frame.Others);
            return true;
        }

        (offender, others) = (null, []);
        return false;
    }
}
