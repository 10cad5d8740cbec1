namespace Vision.Storage;

/// <summary>
/// Wakes alert subscribers in this process when an alert row committed. A subscriber takes <see cref="Next"/> before
/// it reads the store, so a pulse between its read and its wait is never missed.
/// </summary>
public sealed class AlertSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Next => Volatile.Read(ref _next).Task;

    public void Pulse() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
