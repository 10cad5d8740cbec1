using Vision.Domain.Geometry;

namespace Vision.Pipeline.ObjectDetection.Decoders;

internal static class ScoreMath
{
    /// <summary>
    /// Adds a detection whose box is made of numbers. A model that outputs NaN (a broken export, fp16 overflow) passes every
    /// "score below threshold" test, so decoders compare as <c>!(score &gt;= threshold)</c>; a NaN box would make a track,
    /// a rider's union box or a crop of nothing.
    /// </summary>
    public static void AddIfFinite(List<Detection> candidates, BoundingBox box, int classId, float score)
    {
        if (float.IsFinite(box.Left) && float.IsFinite(box.Top) && float.IsFinite(box.Right) && float.IsFinite(box.Bottom))
        {
            candidates.Add(new Detection(box, classId, score));
        }
    }

    /// <summary>The index and value of the highest score.</summary>
    public static (int ClassId, float Score) BestClass(ReadOnlySpan<float> scores)
    {
        var bestId = 0;
        var best = scores[0];
        for (var i = 1; i < scores.Length; i++)
        {
            if (scores[i] > best)
            {
                best = scores[i];
                bestId = i;
            }
        }

        return (bestId, best);
    }

    /// <summary>The best score of column <paramref name="anchor"/> in a [classes, anchors] matrix.</summary>
    public static (int ClassId, float Score) BestClassStrided(ReadOnlySpan<float> scores, int anchor, int anchorCount, int classCount)
    {
        var bestId = 0;
        var best = scores[anchor];
        for (var classId = 1; classId < classCount; classId++)
        {
            var score = scores[classId * anchorCount + anchor];
            if (score > best)
            {
                best = score;
                bestId = classId;
            }
        }

        return (bestId, best);
    }
}
