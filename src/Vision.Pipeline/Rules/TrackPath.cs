using Vision.Domain.Violations;


namespace Vision.Pipeline.Rules;

/// <summary>A track's most recent boxes (a fixed ring), for the path drawn on evidence and the key frame before the violation.</summary>
public sealed class TrackPath
{
    public const int Capacity = 64;

    private readonly TrackPoint[] _points = new TrackPoint[Capacity];
    private int _count;
    private int _next;

    public void Add(TrackPoint point)
    {
        _points[_next] = point;
        _next = (_next + 1) % Capacity;
        _count = Math.Min(_count + 1, Capacity);
    }

    /// <summary>The kept points, oldest first.</summary>
    public TrackPoint[] ToArray()
    {
        var result = new TrackPoint[_count];
        for (var k = 0; k < _count; k++)
        {
            result[k] = _points[(_next - _count + k + Capacity) % Capacity];
        }

        return result;
    }
}
