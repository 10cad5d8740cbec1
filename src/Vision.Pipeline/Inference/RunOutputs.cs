using Microsoft.ML.OnnxRuntime;

namespace Vision.Pipeline.Inference;

/// <summary>
/// One run's outputs in the model's order, valid until disposed: bound with IOBinding to pooled tensors, which disposing
/// gives back (<see cref="ModelSession.RunPooled"/>), or allocated by the run.
/// </summary>
public sealed class RunOutputs : IDisposable
{
    private readonly List<PooledTensor<float>> _pooledOutputs = [];
    private IDisposableReadOnlyCollection<OrtValue>? _values;

    private RunOutputs(OrtIoBinding? binding, long[] inputShape)
    {
        Binding = binding;
        InputShape = inputShape;
    }

    /// <summary>The outputs, in the model's order.</summary>
    public IReadOnlyList<OrtValue> Values => _values ?? throw new InvalidOperationException("The run has not completed.");

    internal OrtIoBinding? Binding { get; }

    internal long[] InputShape { get; }

    /// <summary>True when some output's shape was not known before the run, so the run allocated it.</summary>
    internal bool LeftShapesToTheRun { get; set; }

    internal static RunOutputs Bound(OrtIoBinding binding, long[] inputShape) => new(binding, inputShape);

    internal static RunOutputs Allocated(IDisposableReadOnlyCollection<OrtValue> values) => new(null, []) { _values = values };

    internal void BindPooledOutput(string name, PooledTensor<float> tensor)
    {
        _pooledOutputs.Add(tensor);
        Binding!.BindOutput(name, tensor.Value);
    }

    internal void Completed(IDisposableReadOnlyCollection<OrtValue> values) => _values = values;

    public void Dispose()
    {
        _values?.Dispose();
        _values = null;
        Binding?.Dispose();
        _pooledOutputs.ForEach(tensor => tensor.Dispose());
        _pooledOutputs.Clear();
    }
}
