namespace Vision.Pipeline.Rules;

/// <summary>A rule's state per track; entries of tracks the tracker dropped are removed each frame, so a 24/7 camera's memory stays bounded.</summary>
public sealed class TrackStateTable<TState>(Func<TState> create) where TState : class
{
    private readonly Dictionary<long, TState> _states = [];
    private readonly List<long> _dead = [];

    public int Count => _states.Count;

    public TState Get(long trackId)
    {
        if (!_states.TryGetValue(trackId, out var state))
        {
            state = create();
            _states[trackId] = state;
        }

        return state;
    }

    public void Sweep(IReadOnlySet<long> alive) => Sweep(alive, null);

    /// <summary>Removes the entries of tracks no longer alive, handing each to <paramref name="removed"/> first.</summary>
    public void Sweep(IReadOnlySet<long> alive, Action<TState>? removed)
    {
        foreach (var trackId in _states.Keys)
        {
            if (!alive.Contains(trackId))
            {
                _dead.Add(trackId);
            }
        }

        foreach (var trackId in _dead)
        {
            if (removed is not null)
            {
                removed(_states[trackId]);
            }

            _states.Remove(trackId);
        }

        _dead.Clear();
    }
}
