using Vision.Pipeline.ObjectDetection;

namespace Vision.Pipeline.StreetOrder;

/// <summary>One object the detector named twice (a horse also called a cow, a car also called a truck) is counted once.</summary>
internal static class SameObject
{
    private const float MinimumOverlap = 0.5f;

    public static bool AlreadyCounted(List<BoundingBox> counted, BoundingBox box)
    {
        foreach (var other in counted)
        {
            if (other.IntersectionOverUnion(box) > MinimumOverlap)
            {
                return true;
            }
        }

        return false;
    }
}
