using Vision.Domain.Plates.Consensus;

namespace Vision.Pipeline.Plates;

/// <summary>
/// One track's watchlist alerts. An entry is raised when the track's plate first hits it, and raised again only when a
/// later plate hits it more surely (fuzzy, then confused characters, then exact): a first unsure read must not hold the
/// alert at its weakest kind. <see cref="Current"/> holds the hits of the track's current plate alone.
/// </summary>
internal sealed class TrackWatchlistAlerts
{
    private readonly Dictionary<string, WatchlistMatchKind> _raised = new(StringComparer.Ordinal);

    /// <summary>The hits of the track's current plate (none when it no longer hits any entry).</summary>
    public IReadOnlyList<WatchlistHit> Current { get; private set; } = [];

    /// <summary>Takes the hits of the track's current plate; returns those to raise now.</summary>
    public IReadOnlyList<WatchlistHit> Update(IReadOnlyList<WatchlistHit> hits)
    {
        Current = hits;
        var raise = new List<WatchlistHit>();
        foreach (var hit in hits)
        {
            var entry = hit.Entry.PlateCharacters;
            if (!_raised.TryGetValue(entry, out var raised) || hit.Kind < raised)
            {
                _raised[entry] = hit.Kind;
                raise.Add(hit);
            }
        }

        return raise;
    }
}
