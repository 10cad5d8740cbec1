namespace Vision.Pipeline.ObjectDetection;

/// <summary>Greedy class-aware non-maximum suppression: boxes of different classes never suppress each other.</summary>
public static class NonMaxSuppression
{
    /// <summary>Keeps the best-scoring boxes of each class, dropping any box that overlaps a kept one of its class by more than <paramref name="iouThreshold"/>.</summary>
    /// <param name="candidates">Sorted in place by descending confidence.</param>
    /// <param name="kept">Receives the survivors, best first.</param>
    public static void Apply(List<Detection> candidates, float iouThreshold, int maxDetections, List<Detection> kept)
    {
        candidates.Sort(static (a, b) => b.Confidence.CompareTo(a.Confidence));
        foreach (var candidate in candidates)
        {
            if (kept.Count >= maxDetections)
            {
                return;
            }

            if (!OverlapsKeptOfSameClass(candidate, kept, iouThreshold))
            {
                kept.Add(candidate);
            }
        }
    }

    private static bool OverlapsKeptOfSameClass(Detection candidate, List<Detection> kept, float iouThreshold)
    {
        foreach (var other in kept)
        {
            if (other.ClassId == candidate.ClassId && other.Box.IntersectionOverUnion(candidate.Box) > iouThreshold)
            {
                return true;
            }
        }

        return false;
    }
}
