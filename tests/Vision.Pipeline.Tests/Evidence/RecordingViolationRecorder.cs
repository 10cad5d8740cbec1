using Vision.Domain.Violations;


namespace Vision.Pipeline.Tests.Evidence;

/// <summary>The violations store's port, recording what it is given (the store itself is another component).</summary>
public sealed class RecordingViolationRecorder : IViolationRecorder, IDisposable
{
    private readonly List<(ViolationCandidate Violation, EvidenceReference? Evidence)> _recorded = [];
    private readonly SemaphoreSlim _arrived = new(0);

    public IReadOnlyList<(ViolationCandidate Violation, EvidenceReference? Evidence)> Recorded
    {
        get
        {
            lock (_recorded)
            {
                return [.. _recorded];
            }
        }
    }

    /// <summary>Given how many calls came before this one, whether the store is away for it (it throws, recording nothing).</summary>
    public Func<int, bool>? Away { get; set; }

    private int _calls;

    public Task RecordAsync(ViolationCandidate violation, EvidenceReference? evidence, CancellationToken cancellationToken)
    {
        if (Away?.Invoke(Interlocked.Increment(ref _calls) - 1) == true)
        {
            throw new TimeoutException("The store did not answer.");
        }

        lock (_recorded)
        {
            _recorded.Add((violation, evidence));
        }

        _arrived.Release();
        return Task.CompletedTask;
    }

    /// <summary>Waits until <paramref name="count"/> violations were recorded in all.</summary>
    public async Task WaitForAsync(int count, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (Recorded.Count < count)
        {
            await _arrived.WaitAsync(cancel.Token);
        }
    }

    public void Dispose() => _arrived.Dispose();
}
