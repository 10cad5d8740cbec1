using Microsoft.ML.OnnxRuntime;

namespace Vision.Pipeline.ObjectDetection;

/// <summary>The float tensors one inference produced, by name and position; valid until the run's outputs are disposed.</summary>
public sealed class ModelOutputs
{
    private readonly IReadOnlyList<string> _names;
    private readonly IReadOnlyList<OrtValue> _values;

    private readonly int _batchItem;

    public ModelOutputs(IReadOnlyList<string> names, IReadOnlyList<OrtValue> values)
        : this(names, values, -1)
    {
    }

    private ModelOutputs(IReadOnlyList<string> names, IReadOnlyList<OrtValue> values, int batchItem)
    {
        _names = names;
        _values = values;
        _batchItem = batchItem;
    }

    /// <summary>The outputs of one image of a batch run, shaped as if it had run alone (batch dimension 1).</summary>
    public static ModelOutputs ForBatchItem(IReadOnlyList<string> names, IReadOnlyList<OrtValue> values, int item) => new(names, values, item);

    public int Count => _values.Count;

    public ReadOnlySpan<float> Tensor(int index)
    {
        var data = _values[index].GetTensorDataAsSpan<float>();
        if (_batchItem < 0)
        {
            return data;
        }

        var perItem = data.Length / (int)_values[index].GetTensorTypeAndShape().Shape[0];
        return data.Slice(_batchItem * perItem, perItem);
    }

    public long[] Shape(int index)
    {
        var shape = _values[index].GetTensorTypeAndShape().Shape;
        if (_batchItem >= 0)
        {
            shape[0] = 1;
        }

        return shape;
    }

    public int IndexOf(string name)
    {
        for (var i = 0; i < _names.Count; i++)
        {
            if (_names[i] == name)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"The model has no output named '{name}'; it has: {string.Join(", ", _names)}.");
    }
}
