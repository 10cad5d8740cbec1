namespace Vision.Pipeline.Runtime;

/// <summary>
/// Running totals of one camera's frames. Every accepted frame ends in exactly one of processed, failed or dropped,
/// so <c>Accepted == Processed + Failed + Dropped + InFlight</c> at all times.
/// </summary>
public sealed class CameraCounters
{
    private long _received;
    private long _accepted;
    private long _rejected;
    private long _droppedQueueFull;
    private long _droppedShutdown;
    private long _processed;
    private long _failed;
    private readonly Lock _settleGate = new();
    private TaskCompletionSource? _settled;
    private long _lastAcceptedUtcTicks;
    private long _lastProcessedUtcTicks;

    public long Received => Interlocked.Read(ref _received);
    public long Accepted => Interlocked.Read(ref _accepted);
    public long Rejected => Interlocked.Read(ref _rejected);
    public long DroppedQueueFull => Interlocked.Read(ref _droppedQueueFull);
    public long DroppedShutdown => Interlocked.Read(ref _droppedShutdown);
    public long Dropped => DroppedQueueFull + DroppedShutdown;
    public long Processed => Interlocked.Read(ref _processed);
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>When (service clock) the newest frame was accepted; null before the first. Health checks tell a silent camera by it.</summary>
    public DateTimeOffset? LastAcceptedAt => Interlocked.Read(ref _lastAcceptedUtcTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>When (service clock) a frame last came through every stage; null before the first. Health checks tell a stalled or failing camera by it.</summary>
    public DateTimeOffset? LastProcessedAt => Interlocked.Read(ref _lastProcessedUtcTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>Accepted frames not yet processed, failed or dropped.</summary>
    public long InFlight => Accepted - Processed - Failed - Dropped;

    /// <summary>Completes once no accepted frame is in flight (at once if none is): the signal a finishing gateway waits for.</summary>
    public async Task WaitUntilSettledAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task settled;
            lock (_settleGate)
            {
                if (InFlight <= 0)
                {
                    return;
                }

                _settled ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                settled = _settled.Task;
            }

            await settled.WaitAsync(cancellationToken);
        }
    }

    internal void CountReceived() => Interlocked.Increment(ref _received);
    internal void CountAccepted(DateTimeOffset at)
    {
        Interlocked.Increment(ref _accepted);
        Interlocked.Exchange(ref _lastAcceptedUtcTicks, at.UtcTicks);
    }

    internal void CountRejected() => Interlocked.Increment(ref _rejected);

    internal void CountProcessed(DateTimeOffset at)
    {
        Interlocked.Increment(ref _processed);
        Interlocked.Exchange(ref _lastProcessedUtcTicks, at.UtcTicks);
        SignalIfSettled();
    }

    internal void CountFailed()
    {
        Interlocked.Increment(ref _failed);
        SignalIfSettled();
    }

    internal void CountDropped(DropReason reason)
    {
        if (reason == DropReason.QueueFull)
        {
            Interlocked.Increment(ref _droppedQueueFull);
        }
        else
        {
            Interlocked.Increment(ref _droppedShutdown);
        }

        SignalIfSettled();
    }

    // Checked after the count moved, under the gate a waiter checks under: a waiter either sees nothing in flight or is woken.
    private void SignalIfSettled()
    {
        if (InFlight > 0)
        {
            return;
        }

        TaskCompletionSource? settled = null;
        lock (_settleGate)
        {
            if (InFlight <= 0)
            {
                (settled, _settled) = (_settled, null);
            }
        }

        settled?.TrySetResult();
    }
}
