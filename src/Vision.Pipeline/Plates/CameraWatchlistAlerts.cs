using Vision.Domain.Plates.Consensus;

namespace Vision.Pipeline.Plates;

/// <summary>
/// One camera's recent watchlist alerts, across its tracks. A wanted vehicle the tracker loses (behind a bus, at a
/// dropped frame) comes back under a new track id: its entry is raised again only once the camera has not seen it for
/// <see cref="QuietPeriod"/>, or when the new track hits it more surely than what was raised. Each new id alerted the
/// police again about the same car in front of the same camera.
/// </summary>
internal sealed class CameraWatchlistAlerts(TimeSpan quietPeriod)
{
    private readonly Dictionary<string, (WatchlistMatchKind Kind, DateTimeOffset LastSeen)> _recent = new(StringComparer.Ordinal);

    public TimeSpan QuietPeriod { get; } = quietPeriod;

    /// <summary>Whether a track's new hit is news at this camera; remembers it when it is.</summary>
    public bool ShouldRaise(WatchlistHit hit, DateTimeOffset at)
    {
        Forget(at);
        var entry = hit.Entry.PlateCharacters;
        if (_recent.TryGetValue(entry, out var raised) && hit.Kind >= raised.Kind)
        {
            return false;
        }

        _recent[entry] = (hit.Kind, at);
        return true;
    }

    /// <summary>Notes that a track's current plate still hits these entries: a vehicle in view is not news again.</summary>
    public void Seen(IReadOnlyList<WatchlistHit> hits, DateTimeOffset at)
    {
        foreach (var hit in hits)
        {
            var entry = hit.Entry.PlateCharacters;
            if (_recent.TryGetValue(entry, out var raised) && at > raised.LastSeen)
            {
                _recent[entry] = raised with { LastSeen = at };
            }
        }
    }

    private void Forget(DateTimeOffset now)
    {
        List<string>? quiet = null;
        foreach (var (entry, raised) in _recent)
        {
            // Either way: a camera clock set back (local time sent as UTC, corrected) would otherwise silence the entry for hours.
            if ((now - raised.LastSeen).Duration() > QuietPeriod)
            {
                (quiet ??= []).Add(entry);
            }
        }

        quiet?.ForEach(entry => _recent.Remove(entry));
    }
}
