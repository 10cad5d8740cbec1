using Vision.Domain.Geometry;

namespace Vision.Pipeline.ObjectDetection.Decoders;

/// <summary>YOLOv5 export, [1, N, 5 + C]: centre x, centre y, width, height in canvas pixels, objectness, class scores.</summary>
public sealed class YoloV5Decoder : IDetectionDecoder
{
    public void Decode(ModelOutputs outputs, int canvasWidth, int canvasHeight, ConfidenceThresholds thresholds, List<Detection> candidates)
    {
        var data = outputs.Tensor(0);
        var shape = outputs.Shape(0);
        var valuesPerRow = (int)shape[^1];
        var rows = (int)shape[^2];
        var classCount = valuesPerRow - 5;
        if (classCount < 1)
        {
            throw new InvalidOperationException($"YOLOv5 output rows need 5 + classes values; this model gives {valuesPerRow}.");
        }

        thresholds.RequireClassCount(classCount);

        for (var row = 0; row < rows; row++)
        {
            var values = data.Slice(row * valuesPerRow, valuesPerRow);
            var objectness = values[4];
            if (objectness < thresholds.Minimum)
            {
                continue;
            }

            var (classId, classScore) = ScoreMath.BestClass(values.Slice(5, classCount));
            var score = objectness * classScore;
            if (score >= thresholds.For(classId))
            {
                ScoreMath.AddIfFinite(candidates, BoundingBox.FromCenter(values[0], values[1], values[2], values[3]), classId, score);
            }
        }
    }
}
