using Microsoft.ML.OnnxRuntime;
using Vision.Domain.Inference;

namespace Vision.Pipeline.Inference;

/// <summary>
/// One ONNX model file loaded once: its session on the configured execution provider, its identity (name and SHA-256
/// of the file) and metadata read at load, inputs from pooled buffers, and every run counted against the
/// <see cref="InferenceBudget"/> all models share. Thread-safe: concurrent runs run concurrently on the one session.
/// Every model of the pipeline (detectors, text detector, plate readers, face detector) runs through this type.
/// Disposing waits for the runs in flight, and a run after that throws <see cref="ObjectDisposedException"/>: ONNX Runtime
/// dereferences a released session natively (the process dies), and a probe or a frame may still be running when the
/// host disposes its models.
/// </summary>
public sealed class ModelSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly ReaderWriterLockSlim _lifetime = new(LockRecursionPolicy.SupportsRecursion);
    private bool _disposed;
    private readonly InferenceBudget _budget;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private int _warmedUp;

    private ModelSession(string path, ExecutionTarget target, InferenceBudget budget)
    {
        _budget = budget;
        _session = InferenceSessionFactory.Create(path, target);
        try
        {
            Path = path;
            Target = target;
            Identity = ModelIdentity.OfFile(System.IO.Path.GetFileNameWithoutExtension(path), path);
            Metadata = ModelMetadata.Of(_session);
            Inputs = _session.InputMetadata;
            Outputs = _session.OutputMetadata;
            _inputNames = [.. Inputs.Keys];
            _outputNames = [.. Outputs.Keys];
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Loads <paramref name="path"/> on <paramref name="target"/>; its runs take slots from <paramref name="budget"/>.</summary>
    public static ModelSession Load(string path, ExecutionTarget target, InferenceBudget budget) => new(path, target, budget);

    /// <summary>Loads a model outside the service's registry (tools, tests): a model's override on the default settings.</summary>
    public static ModelSession Load(string path, InferenceOptions? modelOverride = null) =>
        new(path, new InferenceSettings().TargetFor(modelOverride), InferenceBudget.ProcessDefault);

    public string Path { get; }

    public ExecutionTarget Target { get; }

    public ExecutionProvider ExecutionProvider => Target.Provider;

    /// <summary>The file's name (without extension) and SHA-256; callers name it as configured with <c>Identity with { Name = … }</c>.</summary>
    public ModelIdentity Identity { get; }

    public ModelMetadata Metadata { get; }

    public IReadOnlyDictionary<string, NodeMetadata> Inputs { get; }

    public IReadOnlyDictionary<string, NodeMetadata> Outputs { get; }

    /// <summary>The input names in model order.</summary>
    public IReadOnlyList<string> InputNames => _inputNames;

    /// <summary>The output names in model order.</summary>
    public IReadOnlyList<string> OutputNames => _outputNames;

    /// <summary>A pooled input tensor of <paramref name="shape"/>; dispose it after the run.</summary>
    public static PooledTensor<T> RentInput<T>(params long[] shape) where T : unmanaged => new(shape);

    /// <summary>Runs the model's single input (or its inputs in model order) and returns the named outputs (all by default).</summary>
    public IDisposableReadOnlyCollection<OrtValue> Run(IReadOnlyCollection<OrtValue> inputs, IReadOnlyCollection<string>? outputNames = null)
    {
        _budget.Enter();
        try
        {
            return WhileOpen(() => _session.Run(_runOptions, _inputNames, inputs, outputNames ?? _outputNames));
        }
        finally
        {
            _budget.Leave();
        }
    }

    /// <summary>As <see cref="Run(IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string}?)"/>, waiting for a run slot without holding a thread.</summary>
    public async ValueTask<IDisposableReadOnlyCollection<OrtValue>> RunAsync(IReadOnlyCollection<OrtValue> inputs, CancellationToken cancellationToken)
    {
        await _budget.EnterAsync(cancellationToken);
        try
        {
            return WhileOpen(() => _session.Run(_runOptions, _inputNames, inputs, _outputNames));
        }
        finally
        {
            _budget.Leave();
        }
    }

    /// <summary>
    /// Runs into outputs the caller bound (IOBinding): nothing is allocated per run, and on a GPU the outputs stay in
    /// memory the caller reuses. The binding's inputs and outputs must be bound before.
    /// </summary>
    public void Run(OrtIoBinding binding)
    {
        _budget.Enter();
        try
        {
            WhileOpen(() =>
            {
                _session.RunWithBinding(_runOptions, binding);
                return true;
            });
        }
        finally
        {
            _budget.Leave();
        }
    }

    /// <summary>An IOBinding on this session (dispose it when done).</summary>
    public OrtIoBinding CreateBinding() => _session.CreateIoBinding();

    /// <summary>
    /// The first run of a session allocates and (on a GPU) picks kernels; doing it once at load keeps it off the first
    /// frame. Runs zeros of <paramref name="shape"/> through the single input; later calls do nothing.
    /// </summary>
    public void WarmUp(params long[] shape)
    {
        if (Interlocked.Exchange(ref _warmedUp, 1) == 1)
        {
            return;
        }

        var elementType = Inputs[_inputNames[0]].ElementType;
        if (elementType == typeof(byte))
        {
            using var input = RentInput<byte>(shape);
            input.Span.Clear();
            using var _ = Run([input.Value]);
        }
        else
        {
            using var input = RentInput<float>(shape);
            input.Span.Clear();
            using var _ = Run([input.Value]);
        }
    }

    public void Dispose()
    {
        _lifetime.EnterWriteLock();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _session?.Dispose();
            _runOptions.Dispose();
        }
        finally
        {
            _lifetime.ExitWriteLock();
        }
    }

    /// <summary>Runs <paramref name="run"/> while the session cannot be disposed; many runs at once.</summary>
    private T WhileOpen<T>(Func<T> run)
    {
        _lifetime.EnterReadLock();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return run();
        }
        finally
        {
            _lifetime.ExitReadLock();
        }
    }
}
