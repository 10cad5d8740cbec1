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
    private long _lastAcceptedUtcTicks;

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

    /// <summary>Accepted frames not yet processed, failed or dropped.</summary>
    public long InFlight => Accepted - Processed - Failed - Dropped;

    internal void CountReceived() => Interlocked.Increment(ref _received);
    internal void CountAccepted(DateTimeOffset at)
    {
        Interlocked.Increment(ref _accepted);
        Interlocked.Exchange(ref _lastAcceptedUtcTicks, at.UtcTicks);
    }

    internal void CountRejected() => Interlocked.Increment(ref _rejected);
    internal void CountProcessed() => Interlocked.Increment(ref _processed);
    internal void CountFailed() => Interlocked.Increment(ref _failed);

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
    }
}
