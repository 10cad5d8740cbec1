using Vision.Domain.Geometry;
using Vision.Pipeline.ObjectDetection;

namespace Vision.Pipeline.StreetOrder;

/// <summary>
/// One object the detector named twice (a horse also called a cow, a car also called a truck), or a part of it boxed
/// again (a head), is counted once: boxes overlapping by IoU over one half, or one lying mostly inside the other.
/// </summary>
internal static class SameObject
{
    private const float MinimumOverlap = 0.5f;
    private const float MostlyInside = 0.8f;

    public static bool AlreadyCounted(List<BoundingBox> counted, BoundingBox box)
    {
        foreach (var other in counted)
        {
            if (other.IntersectionOverUnion(box) > MinimumOverlap || Contained(other, box))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Contained(BoundingBox a, BoundingBox b) => a.OverlapOfSmaller(b) > MostlyInside;
}
