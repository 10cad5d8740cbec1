using Microsoft.ML.OnnxRuntime;
using Vision.Pipeline.ObjectDetection;

namespace Vision.Pipeline.Tests.Support;

/// <summary>Hand-filled model output tensors for decoder tests.</summary>
public sealed class SyntheticOutputs : IDisposable
{
    private readonly List<OrtValue> _values = [];
    private readonly List<string> _names = [];

    public SyntheticOutputs Add(string name, float[] data, params long[] shape)
    {
        _names.Add(name);
        _values.Add(OrtValue.CreateTensorValueFromMemory(data, shape));
        return this;
    }

    public ModelOutputs Build() => new(_names, _values);

    public void Dispose()
    {
        foreach (var value in _values)
        {
            value.Dispose();
        }
    }
}
