using System.Collections.Concurrent;

namespace Vision.Pipeline.Inference;

/// <summary>
/// The service's models: one <see cref="ModelSession"/> per model file and execution target, loaded on first use and
/// shared by every caller (the photo and stream detectors on the same file share one session and differ only in how
/// they prepare inputs and filter results). All sessions draw on one <see cref="InferenceBudget"/>.
/// </summary>
public sealed class ModelSessions : IDisposable
{
    private readonly ConcurrentDictionary<(string Path, ExecutionTarget Target), Lazy<ModelSession>> _sessions = new();
    private readonly InferenceSettings _settings;

    public ModelSessions(string modelDirectory, InferenceSettings settings)
    {
        ModelDirectory = modelDirectory;
        _settings = settings;
        Budget = new InferenceBudget(settings.RunSlots);
    }

    public string ModelDirectory { get; }

    public InferenceBudget Budget { get; }

    /// <summary>Every session loaded so far.</summary>
    public IReadOnlyList<ModelSession> Loaded => [.. _sessions.Values.Where(s => s.IsValueCreated).Select(s => s.Value)];

    /// <summary>The session of <paramref name="modelPath"/> (absolute or relative to the model directory) on its target.</summary>
    public ModelSession Get(string modelPath, InferenceOptions? modelOverride = null)
    {
        var path = Inference.ModelDirectory.FileIn(ModelDirectory, modelPath);
        var target = _settings.TargetFor(modelOverride);
        var session = _sessions.GetOrAdd((path, target), key => new Lazy<ModelSession>(() => ModelSession.Load(key.Path, key.Target, Budget)));
        try
        {
            return session.Value;
        }
        catch
        {
            // A file that failed to load (missing, wrong provider) is tried again next time, not remembered as failed.
            _sessions.TryRemove(new KeyValuePair<(string, ExecutionTarget), Lazy<ModelSession>>((path, target), session));
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var session in _sessions.Values.Where(s => s.IsValueCreated))
        {
            session.Value.Dispose();
        }

        Budget.Dispose();
    }
}
