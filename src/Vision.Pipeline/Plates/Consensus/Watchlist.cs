using Vision.Domain.Plates;
using Vision.Domain.Plates.Consensus;

namespace Vision.Pipeline.Plates.Consensus;

/// <summary>
/// Plates to look out for, matched against reads. A read hits an entry when, both normalised to A–Z and 0–9, they are
/// equal (<see cref="WatchlistMatchKind.Exact"/>); or of the same length and differ only in characters readers confuse
/// (<see cref="WatchlistMatchKind.ConfusedCharacters"/>, however many: under the confusion classes they are the same
/// plate); or their edit distance, with a confused-character substitution counting 0.5, is at most the tolerance
/// (<see cref="WatchlistMatchKind.Fuzzy"/>: with the default 1, one real error, or two confusions plus nothing else).
/// </summary>
public sealed class Watchlist
{
    private readonly (WatchlistEntry Entry, string Plate)[] _entries;
    private readonly int _maxEditDistance;

    /// <param name="entries">The plates; each must keep at least one letter or digit once normalised.</param>
    /// <param name="maxEditDistance">The fuzzy tolerance; 0 allows exact and confused-character hits only.</param>
    public Watchlist(IEnumerable<WatchlistEntry> entries, int maxEditDistance = 1)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentOutOfRangeException.ThrowIfNegative(maxEditDistance);
        _maxEditDistance = maxEditDistance;
        _entries = [.. entries.Select(entry =>
        {
            var plate = Normalise(entry.PlateCharacters);
            return plate.Length > 0
                ? (entry, plate)
                : throw new ArgumentException($"Watchlist entry '{entry.PlateCharacters}' ({entry.Reason}) has no plate characters.", nameof(entries));
        })];
    }

    public int Count => _entries.Length;

    /// <summary>
    /// As reads are normalised (<see cref="PlateCharacters.Normalize"/>): upper case, Đ as D, letters A–Z and digits
    /// 0–9 only: "75-h1 425.99" becomes "75H142599", "29-MĐ1 123.45" "29MD112345".
    /// </summary>
    public static string Normalise(string plateCharacters) => PlateCharacters.Normalize(plateCharacters);

    /// <summary>The entries the read hits: exact first, then confused, then fuzzy; nearer first; then in list order.</summary>
    public IReadOnlyList<WatchlistHit> Match(string plateCharacters, float readConfidence)
    {
        var read = Normalise(plateCharacters);
        if (read.Length == 0)
        {
            return [];
        }

        var hits = new List<(WatchlistHit Hit, int Order)>();
        for (var i = 0; i < _entries.Length; i++)
        {
            var (entry, plate) = _entries[i];
            if (Compare(read, plate) is { } match)
            {
                hits.Add((new WatchlistHit(entry, read, match.Kind, match.EditDistance, match.MatchDistance, readConfidence), i));
            }
        }

        hits.Sort(static (first, second) =>
            first.Hit.Kind != second.Hit.Kind ? first.Hit.Kind.CompareTo(second.Hit.Kind)
            : first.Hit.MatchDistance != second.Hit.MatchDistance ? first.Hit.MatchDistance.CompareTo(second.Hit.MatchDistance)
            : first.Order.CompareTo(second.Order));
        return [.. hits.Select(hit => hit.Hit)];
    }

    private (WatchlistMatchKind Kind, int EditDistance, double MatchDistance)? Compare(string read, string plate)
    {
        if (read == plate)
        {
            return (WatchlistMatchKind.Exact, 0, 0);
        }

        if (read.Length == plate.Length && DiffersOnlyByConfusions(read, plate, out var confusions))
        {
            return (WatchlistMatchKind.ConfusedCharacters, Levenshtein.Distance(read, plate), confusions * 0.5);
        }

        // Every edit costs at least 0.5, so a plain distance over twice the tolerance cannot be within it.
        var plainBound = 2 * _maxEditDistance;
        var editDistance = Levenshtein.Distance(read, plate, plainBound);
        if (editDistance > plainBound)
        {
            return null;
        }

        var matchDistance = ConfusableCharacters.Distance(read, plate);
        return matchDistance <= _maxEditDistance ? (WatchlistMatchKind.Fuzzy, editDistance, matchDistance) : null;
    }

    private static bool DiffersOnlyByConfusions(string read, string plate, out int confusions)
    {
        confusions = 0;
        for (var i = 0; i < read.Length; i++)
        {
            if (read[i] == plate[i])
            {
                continue;
            }

            if (!ConfusableCharacters.AreConfusable(read[i], plate[i]))
            {
                return false;
            }

            confusions++;
        }

        return true;
    }
}
