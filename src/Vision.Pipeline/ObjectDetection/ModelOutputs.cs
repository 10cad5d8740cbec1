using Microsoft.ML.OnnxRuntime;

namespace Vision.Pipeline.ObjectDetection;

/// <summary>The float tensors one inference produced, by name and position; valid until the run's outputs are disposed.</summary>
public sealed class ModelOutputs
{
    private readonly IReadOnlyList<string> _names;
    private readonly IReadOnlyList<OrtValue> _values;

    public ModelOutputs(IReadOnlyList<string> names, IReadOnlyList<OrtValue> values)
    {
        _names = names;
        _values = values;
    }

    public int Count => _values.Count;

    public ReadOnlySpan<float> Tensor(int index) => _values[index].GetTensorDataAsSpan<float>();

    public long[] Shape(int index) => _values[index].GetTensorTypeAndShape().Shape;

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
