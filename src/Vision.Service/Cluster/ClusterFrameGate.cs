using Vision.Pipeline.Cameras;
using Vision.Pipeline.Imaging;
using Vision.Pipeline.Runtime;

namespace Vision.Service.Cluster;

/// <summary>
/// The checks a camera's pipeline makes at ingest (order, size, JPEG structure), made by the node that receives a
/// gateway's stream before the frame goes onto the frame stream, so the stream holds only frames the owner will take.
/// Its resume point comes from the stream itself, so a gateway that reconnects to another node resumes where it was.
/// </summary>
public sealed class ClusterFrameGate
{
    private const int RecentSequenceWindow = 256;
    private readonly CameraDefinition _camera;
    private readonly SafeImageDecoder _headerCheck;
    private readonly Lock _gate = new();
    private readonly HashSet<long> _recent = [];
    private readonly Queue<long> _recentOrder = new();
    private long _lastAccepted = -1;
    private long _knownToStream = -1;

    public ClusterFrameGate(CameraDefinition camera)
    {
        _camera = camera;
        _headerCheck = new SafeImageDecoder(new ImageLimits { MaxEncodedBytes = camera.MaxFrameBytes, MinSide = 16 });
    }

    public long LastAccepted
    {
        get
        {
            lock (_gate)
            {
                return _lastAccepted;
            }
        }
    }

    /// <summary>The newest sequence on the frame stream (another node may have taken frames of this camera since).</summary>
    public void CatchUp(long lastOnStream)
    {
        lock (_gate)
        {
            if (lastOnStream > _lastAccepted)
            {
                _lastAccepted = lastOnStream;
                _knownToStream = lastOnStream;
            }
        }
    }

    /// <summary>Accepted, or why not; an accepted frame counts as the newest until <see cref="Forget"/> takes it back.</summary>
    public IngestOutcome Admit(EncodedFrame frame)
    {
        lock (_gate)
        {
            if (frame.Sequence <= _lastAccepted)
            {
                return _recent.Contains(frame.Sequence) || frame.Sequence <= _knownToStream || frame.Sequence <= _lastAccepted - RecentSequenceWindow
                    ? IngestOutcome.Duplicate
                    : IngestOutcome.OutOfOrder;
            }

            if (_lastAccepted >= 0 && frame.Sequence - _lastAccepted > _camera.MaxSequenceJump)
            {
                return IngestOutcome.SequenceJump;
            }

            if (frame.Jpeg.Length > _camera.MaxFrameBytes)
            {
                return IngestOutcome.TooLarge;
            }

            if (_headerCheck.Inspect(frame.Jpeg.Span, out var header) is not null || header!.Format != "JPEG")
            {
                return IngestOutcome.Corrupt;
            }

            _lastAccepted = frame.Sequence;
            _recent.Add(frame.Sequence);
            _recentOrder.Enqueue(frame.Sequence);
            if (_recentOrder.Count > RecentSequenceWindow)
            {
                _recent.Remove(_recentOrder.Dequeue());
            }

            return IngestOutcome.Accepted;
        }
    }

    /// <summary>A frame admitted but never stored on the stream (NATS unreachable): the gateway may send it again.</summary>
    public void Forget(long sequence, long previous)
    {
        lock (_gate)
        {
            _recent.Remove(sequence);
            if (_lastAccepted == sequence)
            {
                _lastAccepted = previous;
            }
        }
    }
}
