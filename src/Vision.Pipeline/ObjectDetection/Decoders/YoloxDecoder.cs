using Vision.Domain.Geometry;

namespace Vision.Pipeline.ObjectDetection.Decoders;

/// <summary>
/// YOLOX head without in-graph decoding: per anchor (x, y, log w, log h, objectness, class scores), anchors laid out
/// row-major over the stride-8, 16 and 32 grids in that order. Objectness and class scores are already sigmoid outputs.
/// </summary>
public sealed class YoloxDecoder : IDetectionDecoder
{
    private static readonly int[] Strides = [8, 16, 32];

    public void Decode(ModelOutputs outputs, int canvasWidth, int canvasHeight, ConfidenceThresholds thresholds, List<Detection> candidates)
    {
        var data = outputs.Tensor(0);
        var shape = outputs.Shape(0);
        var valuesPerAnchor = (int)shape[^1];
        var classCount = valuesPerAnchor - 5;
        thresholds.RequireClassCount(classCount);
        var expectedAnchors = Strides.Sum(stride => (canvasWidth / stride) * (canvasHeight / stride));
        if (shape[^2] != expectedAnchors)
        {
            throw new InvalidOperationException(
                $"YOLOX output has {shape[^2]} anchors; a {canvasWidth}×{canvasHeight} input needs {expectedAnchors}.");
        }

        var anchor = 0;
        foreach (var stride in Strides)
        {
            var columns = canvasWidth / stride;
            var rows = canvasHeight / stride;
            for (var row = 0; row < rows; row++)
            {
                for (var column = 0; column < columns; column++, anchor++)
                {
                    var values = data.Slice(anchor * valuesPerAnchor, valuesPerAnchor);
                    var objectness = values[4];
                    if (objectness < thresholds.Minimum)
                    {
                        continue;
                    }

                    var (classId, classScore) = ScoreMath.BestClass(values.Slice(5, classCount));
                    var score = objectness * classScore;
                    if (!(score >= thresholds.For(classId))) // NaN too
                    {
                        continue;
                    }

                    var centerX = (values[0] + column) * stride;
                    var centerY = (values[1] + row) * stride;
                    var width = MathF.Exp(values[2]) * stride;
                    var height = MathF.Exp(values[3]) * stride;
                    ScoreMath.AddIfFinite(candidates, BoundingBox.FromCenter(centerX, centerY, width, height), classId, score);
                }
            }
        }
    }
}
