namespace Vision.Pipeline.Runtime;

/// <summary>
/// The most recent encoded frames of one camera, oldest overwritten first, kept for building evidence after a
/// violation. Holds encoded bytes only (a few tens of kilobytes a frame), never decoded pixels.
/// </summary>
public sealed class FrameHistory
{
    private readonly EncodedFrame?[] _frames;
    private readonly Lock _gate = new();
    private int _next;
    private int _count;

    public FrameHistory(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _frames = new EncodedFrame?[capacity];
    }

    public int Capacity => _frames.Length;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    public void Add(EncodedFrame frame)
    {
        lock (_gate)
        {
            _frames[_next] = frame;
            _next = (_next + 1) % _frames.Length;
            _count = Math.Min(_count + 1, _frames.Length);
        }
    }

    /// <summary>The kept frames captured within [from, to], oldest first.</summary>
    public IReadOnlyList<EncodedFrame> Between(DateTimeOffset from, DateTimeOffset to)
    {
        lock (_gate)
        {
            var result = new List<EncodedFrame>();
            for (var i = 0; i < _count; i++)
            {
                var frame = _frames[(_next - _count + i + _frames.Length) % _frames.Length]!;
                if (frame.CapturedAt >= from && frame.CapturedAt <= to)
                {
                    result.Add(frame);
                }
            }

            return result;
        }
    }

    public EncodedFrame? Find(long sequence)
    {
        lock (_gate)
        {
            for (var i = 0; i < _count; i++)
            {
                var frame = _frames[(_next - 1 - i + _frames.Length) % _frames.Length]!;
                if (frame.Sequence == sequence)
                {
                    return frame;
                }
            }

            return null;
        }
    }
}
