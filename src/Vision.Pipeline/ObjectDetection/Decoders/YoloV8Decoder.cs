using Vision.Domain.Geometry;

namespace Vision.Pipeline.ObjectDetection.Decoders;

/// <summary>YOLOv8 / YOLO11 export, [1, 4 + C, N]: one column per candidate (centre, size, class scores), no objectness.</summary>
public sealed class YoloV8Decoder : IDetectionDecoder
{
    public void Decode(ModelOutputs outputs, int canvasWidth, int canvasHeight, ConfidenceThresholds thresholds, List<Detection> candidates)
    {
        var data = outputs.Tensor(0);
        var shape = outputs.Shape(0);
        var rowsPerCandidate = (int)shape[^2];
        var candidateCount = (int)shape[^1];
        var classCount = rowsPerCandidate - 4;
        if (classCount < 1)
        {
            throw new InvalidOperationException($"YOLOv8 output needs 4 + classes rows; this model gives {rowsPerCandidate}.");
        }

        thresholds.RequireClassCount(classCount);

        var scores = data.Slice(4 * candidateCount, classCount * candidateCount);
        for (var i = 0; i < candidateCount; i++)
        {
            var (classId, score) = ScoreMath.BestClassStrided(scores, i, candidateCount, classCount);
            if (!(score >= thresholds.For(classId))) // NaN too
            {
                continue;
            }

            var box = BoundingBox.FromCenter(data[i], data[candidateCount + i], data[2 * candidateCount + i], data[3 * candidateCount + i]);
            ScoreMath.AddIfFinite(candidates, box, classId, score);
        }
    }
}
