using Vision.Pipeline.ObjectDetection;

namespace Vision.Pipeline.Analysis;

/// <summary>
/// Merges a coarse pass (whole image on the small canvas) with a fine pass (large canvas). A nano model at 960 px
/// finds distant motorbikes it misses at 416, but frames large nearby objects worse than at 416 (it was trained at
/// 416); class-aware NMS over both keeps the best-scoring box of each object from whichever pass saw it better.
/// </summary>
public static class MultiScaleMerge
{
    public static PhotoDetections Merge(DetectionResult coarse, DetectionResult fine, float iouThreshold, int maxDetections)
    {
        if (!coarse.Classes.Names.SequenceEqual(fine.Classes.Names))
        {
            throw new InvalidOperationException($"Cannot merge {coarse.Model} with {fine.Model}: their class lists differ.");
        }

        var candidates = coarse.Detections.Select(found => new AttributedDetection(found, 0))
            .Concat(fine.Detections.Select(found => new AttributedDetection(found, 1)))
            .OrderByDescending(candidate => candidate.Detection.Confidence)
            .ToList();
        var kept = new List<AttributedDetection>();
        foreach (var candidate in candidates)
        {
            if (kept.Count >= maxDetections)
            {
                break;
            }

            var duplicate = kept.Any(other => other.Detection.ClassId == candidate.Detection.ClassId
                                              && other.Detection.Box.IntersectionOverUnion(candidate.Detection.Box) > iouThreshold);
            if (!duplicate)
            {
                kept.Add(candidate);
            }
        }

        return new PhotoDetections(kept, [coarse, fine]);
    }
}
