using System.Threading.Channels;

namespace Vision.Pipeline.Runtime;

/// <summary>
/// Fans a camera's events out to its observers (gateway streams, later stages). Each observer has its own bounded
/// queue: a slow observer misses events (counted), it never slows the pipeline.
/// </summary>
public sealed class CameraEventHub
{
    private readonly Lock _gate = new();
    private CameraSubscription[] _subscriptions = [];

    /// <param name="accepts">Only events it accepts enter this observer's queue (e.g. a stage that stores rare events must not lose them behind frame events).</param>
    public CameraSubscription Subscribe(int capacity = 1024, Func<CameraEvent, bool>? accepts = null)
    {
        var subscription = new CameraSubscription(this, capacity, accepts);
        lock (_gate)
        {
            _subscriptions = [.. _subscriptions, subscription];
        }

        return subscription;
    }

    public void Publish(CameraEvent cameraEvent)
    {
        foreach (var subscription in Volatile.Read(ref _subscriptions))
        {
            subscription.Offer(cameraEvent);
        }
    }

    internal void Remove(CameraSubscription subscription)
    {
        lock (_gate)
        {
            _subscriptions = _subscriptions.Where(s => s != subscription).ToArray();
        }
    }
}

/// <summary>One observer's queue of camera events; dispose to stop receiving.</summary>
public sealed class CameraSubscription : IDisposable
{
    private readonly CameraEventHub _hub;
    private readonly Channel<CameraEvent> _events;
    private readonly Func<CameraEvent, bool>? _accepts;
    private long _missed;

    internal CameraSubscription(CameraEventHub hub, int capacity, Func<CameraEvent, bool>? accepts)
    {
        _hub = hub;
        _accepts = accepts;
        _events = Channel.CreateBounded<CameraEvent>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _missed));
    }

    public ChannelReader<CameraEvent> Reader => _events.Reader;

    /// <summary>Events this observer lost because it read too slowly.</summary>
    public long Missed => Interlocked.Read(ref _missed);

    internal void Offer(CameraEvent cameraEvent)
    {
        if (_accepts is null || _accepts(cameraEvent))
        {
            _events.Writer.TryWrite(cameraEvent);
        }
    }

    public void Dispose()
    {
        _hub.Remove(this);
        _events.Writer.TryComplete();
    }
}
