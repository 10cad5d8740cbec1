using System.Collections.Concurrent;
using Microsoft.ML.OnnxRuntime;

namespace Vision.Pipeline.Inference;

/// <summary>
/// The shapes of a model's float outputs, so a run can bind pooled tensors for them: from the model where it fixes all
/// but the batch, otherwise learned per input size (all but the batch) from the first run of that size. A detector that
/// takes any canvas has outputs of <c>[batch, anchors, 85]</c>, anchors following the canvas; a stream runs one canvas.
/// </summary>
internal sealed class OutputShapes
{
    // Photos come in every size; past this many input sizes, further ones are left to the run.
    private const int MaxLearnedInputSizes = 64;

    private readonly NodeMetadata[] _outputs;
    private readonly ConcurrentDictionary<string, long[][]> _learned = new();

    public OutputShapes(NodeMetadata[] outputs)
    {
        _outputs = outputs;
    }

    /// <summary>Per output, its shape without the batch, as learned for this input's size; null when not yet learned.</summary>
    public long[][]? ItemShapesFor(long[] inputShape) => _learned.TryGetValue(KeyOf(inputShape), out var shapes) ? shapes : null;

    /// <summary>Output <paramref name="index"/>'s shape for <paramref name="batch"/> items, or null when it is not known.</summary>
    public long[]? OutputShape(int index, long batch, long[][]? itemShapes)
    {
        var output = _outputs[index];
        if (!output.IsTensor || output.ElementType != typeof(float))
        {
            return null;
        }

        var dimensions = output.Dimensions;
        var shape = new long[dimensions.Length];
        for (var i = 0; i < dimensions.Length; i++)
        {
            shape[i] = i == 0 ? batch : dimensions[i] > 0 ? dimensions[i] : itemShapes?[index][i - 1] ?? -1;
            if (shape[i] <= 0)
            {
                return null;
            }
        }

        return shape;
    }

    /// <summary>Remembers the shapes a run of <paramref name="inputShape"/> produced, when each output leads with the batch.</summary>
    public void Learn(long[] inputShape, IReadOnlyList<OrtValue> outputs)
    {
        if (_learned.Count >= MaxLearnedInputSizes)
        {
            return;
        }

        var itemShapes = new long[outputs.Count][];
        for (var i = 0; i < outputs.Count; i++)
        {
            var shape = outputs[i].GetTensorTypeAndShape().Shape;
            if (shape.Length == 0 || shape[0] != inputShape[0])
            {
                return;
            }

            itemShapes[i] = shape[1..];
        }

        _learned.TryAdd(KeyOf(inputShape), itemShapes);
    }

    private static string KeyOf(long[] inputShape) => string.Join('x', inputShape.Skip(1));
}
