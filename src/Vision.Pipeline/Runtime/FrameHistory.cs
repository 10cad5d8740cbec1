namespace Vision.Pipeline.Runtime;

/// <summary>
/// The most recent encoded frames of one camera, oldest overwritten first, kept for building evidence after a
/// violation: at most <see cref="Capacity"/> frames, and when a duration is given, frames beyond the first
/// <c>alwaysKept</c> only while captured within it of the newest. Holds encoded bytes only (a few tens of kilobytes a
/// frame), never decoded pixels.
/// </summary>
public sealed class FrameHistory
{
    private readonly EncodedFrame?[] _frames;
    private readonly TimeSpan? _duration;
    private readonly int _alwaysKept;
    private readonly Lock _gate = new();
    private int _next;
    private int _count;

    /// <param name="duration">Frames captured longer than this before the newest are let go while more than
    /// <paramref name="alwaysKept"/> are held; null: only the capacity bounds.</param>
    public FrameHistory(int capacity, TimeSpan? duration = null, int alwaysKept = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _frames = new EncodedFrame?[capacity];
        _duration = duration;
        _alwaysKept = alwaysKept;
    }

    /// <summary>
    /// The history of a camera that keeps <paramref name="duration"/>: room for twice the frames its expected rate gives,
    /// so a camera sending faster than configured (30 fps on a 25 fps setting) still keeps the whole duration (sized at
    /// the expected rate, every clip lost its first second); the frames the expected rate gives are kept whatever their
    /// age, so a violation's frames outlive a pause of the stream until its package is built.
    /// </summary>
    public static FrameHistory For(TimeSpan duration, double expectedFramesPerSecond)
    {
        var expected = Math.Max(1, (int)Math.Ceiling(duration.TotalSeconds * expectedFramesPerSecond));
        // Both ends of the duration inclusive: twice the rate holds one frame more than twice the expected count.
        return new(2 * expected + 1, duration, expected);
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
            while (_duration is { } duration && _count > Math.Max(1, _alwaysKept) && frame.CapturedAt - Oldest.CapturedAt > duration)
            {
                _frames[(_next - _count + _frames.Length) % _frames.Length] = null;
                _count--;
            }
        }
    }

    private EncodedFrame Oldest => _frames[(_next - _count + _frames.Length) % _frames.Length]!;

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
