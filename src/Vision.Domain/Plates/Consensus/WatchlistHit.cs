namespace Vision.Domain.Plates.Consensus;

/// <summary>A read that matched a watchlist entry; anything but <see cref="Exact"/> may be a misread and needs a look.</summary>
/// <param name="Entry">The matched entry, as listed.</param>
/// <param name="ReadCharacters">The read, normalised to A–Z and 0–9.</param>
/// <param name="Kind">How it matched.</param>
/// <param name="EditDistance">Plain edit distance of the read to the listed plate (0 for an exact hit).</param>
/// <param name="MatchDistance">The edit distance with a confused-character substitution counting 0.5.</param>
/// <param name="ReadConfidence">The read's confidence, as given to <see cref="Watchlist.Match"/>.</param>
public sealed record WatchlistHit(
    WatchlistEntry Entry,
    string ReadCharacters,
    WatchlistMatchKind Kind,
    int EditDistance,
    double MatchDistance,
    float ReadConfidence)
{
    public bool Exact => Kind == WatchlistMatchKind.Exact;
}
