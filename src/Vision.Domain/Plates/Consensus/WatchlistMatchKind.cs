namespace Vision.Domain.Plates.Consensus;

/// <summary>How a read matched a watchlist plate, from surest to least sure.</summary>
public enum WatchlistMatchKind
{
    /// <summary>The same characters.</summary>
    Exact,

    /// <summary>The same length, differing only in characters readers confuse (0/D/O, 8/B, ...): likely a misread of the listed plate.</summary>
    ConfusedCharacters,

    /// <summary>Within the edit-distance tolerance: may be a misread of the listed plate, or another vehicle.</summary>
    Fuzzy,
}
