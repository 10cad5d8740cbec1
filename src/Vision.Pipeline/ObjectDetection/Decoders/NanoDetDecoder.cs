using Vision.Domain.Geometry;

namespace Vision.Pipeline.ObjectDetection.Decoders;

/// <summary>
/// NanoDet (GFL head) with separate outputs per stride: <c>cls_pred_stride_S</c> [1, N, C] (sigmoid scores) and
/// <c>dis_pred_stride_S</c> [1, N, 4 × bins] (a distribution over distances to the left, top, right and bottom sides,
/// in units of the stride). Anchor points sit at cell centres, (column + 0.5) × stride, as in NanoDet-m.
/// </summary>
public sealed class NanoDetDecoder : IDetectionDecoder
{
    private static readonly int[] Strides = [8, 16, 32];

    public void Decode(ModelOutputs outputs, int canvasWidth, int canvasHeight, ConfidenceThresholds thresholds, List<Detection> candidates)
    {
        Span<float> distances = stackalloc float[4];
        foreach (var stride in Strides)
        {
            var scoresIndex = outputs.IndexOf($"cls_pred_stride_{stride}");
            var distancesIndex = outputs.IndexOf($"dis_pred_stride_{stride}");
            var scores = outputs.Tensor(scoresIndex);
            var distribution = outputs.Tensor(distancesIndex);
            var classCount = (int)outputs.Shape(scoresIndex)[^1];
            thresholds.RequireClassCount(classCount);
            var binsPerSide = (int)outputs.Shape(distancesIndex)[^1] / 4;
            var columns = (int)Math.Ceiling(canvasWidth / (double)stride);
            var cells = (int)outputs.Shape(scoresIndex)[^2];

            for (var cell = 0; cell < cells; cell++)
            {
                var (classId, score) = ScoreMath.BestClass(scores.Slice(cell * classCount, classCount));
                if (!(score >= thresholds.For(classId))) // NaN too
                {
                    continue;
                }

                var cellDistribution = distribution.Slice(cell * binsPerSide * 4, binsPerSide * 4);
                for (var side = 0; side < 4; side++)
                {
                    distances[side] = ExpectedBin(cellDistribution.Slice(side * binsPerSide, binsPerSide)) * stride;
                }

                var centerX = (cell % columns + 0.5f) * stride;
                var centerY = (cell / columns + 0.5f) * stride;
                var box = new BoundingBox(centerX - distances[0], centerY - distances[1], centerX + distances[2], centerY + distances[3]);
                ScoreMath.AddIfFinite(candidates, box, classId, score);
            }
        }
    }

    /// <summary>Softmax over the bins, then the expected bin index.</summary>
    private static float ExpectedBin(ReadOnlySpan<float> logits)
    {
        var max = logits[0];
        foreach (var logit in logits)
        {
            max = MathF.Max(max, logit);
        }

        float sum = 0, weighted = 0;
        for (var bin = 0; bin < logits.Length; bin++)
        {
            var weight = MathF.Exp(logits[bin] - max);
            sum += weight;
            weighted += weight * bin;
        }

        return weighted / sum;
    }
}
