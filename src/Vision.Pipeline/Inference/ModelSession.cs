using Microsoft.ML.OnnxRuntime;
using Vision.Domain.Inference;

namespace Vision.Pipeline.Inference;

/// <summary>
/// One ONNX model file loaded once: its session on the configured execution provider, its identity (name and SHA-256
/// of the file) and metadata read at load, tensors from its <see cref="HostTensorPool"/>, and every run counted against
/// the <see cref="InferenceBudget"/> all models share. Thread-safe: concurrent runs run concurrently on the one session.
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
    private readonly HostTensorPool _tensors = HostTensorPool.Managed;
    private readonly OutputShapes _outputItemShapes;
    private int _warmedUp;
    private string? _bindingAbandonedFor;

    private ModelSession(string path, ExecutionTarget target, InferenceBudget budget, Func<InferenceSession, HostTensorPool>? tensorsOf = null)
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
            _outputItemShapes = new OutputShapes([.. _outputNames.Select(name => Outputs[name])]);
            HostMemory = "managed";
            if (tensorsOf is not null)
            {
                _tensors = tensorsOf(_session);
                HostMemory = "blocks (test)";
            }
            else if (target.Provider != ExecutionProvider.Cpu && target.PageLockedHostMemory)
            {
                HostTensorPool? pageLocked = null;
                try
                {
                    pageLocked = HostTensorPool.PageLockedFor(_session, target.DeviceId);
                    // The first block is allocated here, so a device without page-locked memory falls back at load.
                    pageLocked.Rent<byte>(1).Dispose();
                    _tensors = pageLocked;
                    HostMemory = "page-locked";
                }
                catch (OnnxRuntimeException error)
                {
                    pageLocked?.Close(() => { });
                    HostMemory = $"managed (page-locked memory unavailable: {error.Message})";
                }
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Loads <paramref name="path"/> on <paramref name="target"/>; its runs take slots from <paramref name="budget"/>.</summary>
    public static ModelSession Load(string path, ExecutionTarget target, InferenceBudget budget) => new(path, target, budget);

    /// <summary>A CPU session whose tensors come from <paramref name="tensorsOf"/> (tests of the pooled path a GPU takes).</summary>
    internal static ModelSession LoadWithTensors(string path, Func<InferenceSession, HostTensorPool> tensorsOf) =>
        new(path, ExecutionTarget.Cpu, InferenceBudget.ProcessDefault, tensorsOf);

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

    /// <summary>Where this session's tensors live: <c>page-locked</c> on a GPU, else <c>managed</c> (and why).</summary>
    public string HostMemory { get; }

    /// <summary>How outputs are learned and bound (tests set a wrong shape here to make a bound run fail).</summary>
    internal OutputShapes OutputItemShapes => _outputItemShapes;

    /// <summary>The pool this session's tensors come from.</summary>
    public HostTensorPool Tensors => _tensors;

    /// <summary>A pooled input tensor of <paramref name="shape"/> (contents undefined); dispose it after the run.</summary>
    public PooledTensor<T> RentInput<T>(params long[] shape) where T : unmanaged => _tensors.Rent<T>(shape);

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
    /// Runs the single <paramref name="input"/> the way measured faster where this session runs: on a GPU (page-locked
    /// tensors) into pooled, bound outputs (<see cref="RunPooled"/>); on the CPU plainly, outputs allocated by the run,
    /// because binding them showed no steady gain there (benchmark <c>feeding</c>; slower with one caller). A bound run
    /// that fails where a plain run of the same input succeeds stops this session binding outputs
    /// (<see cref="OutputBindingAbandoned"/>): slower frames rather than none.
    /// </summary>
    public RunOutputs Infer(OrtValue input)
    {
        if (BindsOutputs)
        {
            try
            {
                return RunPooled(input);
            }
            catch (OnnxRuntimeException bindingError)
            {
                var plain = RunOutputs.Allocated(Run([input]));
                AbandonBinding(bindingError);
                return plain;
            }
        }

        return RunOutputs.Allocated(Run([input]));
    }

    /// <summary>As <see cref="Infer"/>, waiting for a run slot without holding a thread.</summary>
    public async ValueTask<RunOutputs> InferAsync(OrtValue input, CancellationToken cancellationToken)
    {
        if (BindsOutputs)
        {
            try
            {
                return await RunPooledAsync(input, cancellationToken);
            }
            catch (OnnxRuntimeException bindingError)
            {
                var plain = RunOutputs.Allocated(await RunAsync([input], cancellationToken));
                AbandonBinding(bindingError);
                return plain;
            }
        }

        return RunOutputs.Allocated(await RunAsync([input], cancellationToken));
    }

    /// <summary>How <see cref="Infer"/> returns outputs: bound to pooled tensors (a GPU), or allocated per run (and why).</summary>
    public string OutputBinding => !_tensors.IsPageLocked ? "allocated per run"
        : Volatile.Read(ref _bindingAbandonedFor) is { } why ? $"allocated per run (a bound run failed: {why})"
        : "bound to pooled tensors";

    /// <summary>Raised once, with the error, when a bound run failed and a plain run of the same input did not.</summary>
    public event Action<string>? OutputBindingAbandoned;

    private bool BindsOutputs => _tensors.IsPageLocked && Volatile.Read(ref _bindingAbandonedFor) is null;

    private void AbandonBinding(OnnxRuntimeException bindingError)
    {
        if (Interlocked.CompareExchange(ref _bindingAbandonedFor, bindingError.Message, null) is null)
        {
            OutputBindingAbandoned?.Invoke(bindingError.Message);
        }
    }

    /// <summary>
    /// Runs the single <paramref name="input"/> into output tensors from this session's pool, bound with IOBinding, so
    /// outputs are not allocated per run, and on a GPU they are page-locked and the copy back from the device runs
    /// directly. An output's shape comes from the model, or, where the model leaves it to the input's size, from the
    /// first run of that input size (which the run itself allocates). Dispose the result once its outputs are read.
    /// </summary>
    public RunOutputs RunPooled(OrtValue input)
    {
        var run = Bind(input);
        try
        {
            _budget.Enter();
        }
        catch
        {
            run.Dispose();
            throw;
        }

        return CompleteInSlot(run);
    }

    /// <summary>As <see cref="RunPooled"/>, waiting for a run slot without holding a thread.</summary>
    public async ValueTask<RunOutputs> RunPooledAsync(OrtValue input, CancellationToken cancellationToken)
    {
        var run = Bind(input);
        try
        {
            await _budget.EnterAsync(cancellationToken);
        }
        catch
        {
            run.Dispose();
            throw;
        }

        return CompleteInSlot(run);
    }

    private RunOutputs Bind(OrtValue input)
    {
        var inputShape = input.GetTensorTypeAndShape().Shape;
        var batch = inputShape[0];
        var itemShapes = _outputItemShapes.ItemShapesFor(inputShape);
        var run = RunOutputs.Bound(WhileOpen(_session.CreateIoBinding), inputShape);
        try
        {
            run.Binding!.BindInput(_inputNames[0], input);
            for (var i = 0; i < _outputNames.Length; i++)
            {
                if (_outputItemShapes.OutputShape(i, batch, itemShapes) is { } shape)
                {
                    run.BindPooledOutput(_outputNames[i], _tensors.Rent<float>(shape));
                }
                else
                {
                    run.Binding!.BindOutputToDevice(_outputNames[i], OrtMemoryInfo.DefaultInstance);
                    run.LeftShapesToTheRun = true;
                }
            }

            return run;
        }
        catch
        {
            run.Dispose();
            throw;
        }
    }

    /// <summary>Runs a bound run in the budget slot its caller took, and gives the slot back.</summary>
    private RunOutputs CompleteInSlot(RunOutputs run)
    {
        try
        {
            run.Completed(WhileOpen(() =>
            {
                _session.RunWithBinding(_runOptions, run.Binding!);
                // Outputs copied back to host memory asynchronously (page-locked, on a GPU) are complete only after this.
                run.Binding!.SynchronizeBoundOutputs();
                return run.Binding!.GetOutputValues();
            }));
            if (run.LeftShapesToTheRun)
            {
                _outputItemShapes.Learn(run.InputShape, run.Values);
            }

            return run;
        }
        catch
        {
            run.Dispose();
            throw;
        }
        finally
        {
            _budget.Leave();
        }
    }

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
            // Page-locked blocks belong to the session's allocator: the session goes once the last rented one is back.
            _tensors.Close(() =>
            {
                _session?.Dispose();
                _runOptions.Dispose();
            });
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
