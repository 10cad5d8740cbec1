using Vision.Domain.Plates;

namespace Vision.Pipeline.Plates;

/// <summary>
/// Scores reads against labels, both normalised (A–Z0–9, Đ→D): exact-match rate, and per-character accuracy
/// (1 − edit distance / label length, floored at 0, averaged over plates).
/// </summary>
public sealed class PlateAccuracy
{
    private int _exact;
    private double _characterAccuracySum;

    public int Count { get; private set; }

    public double ExactMatchRate => Count == 0 ? 0 : (double)_exact / Count;

    public double CharacterAccuracy => Count == 0 ? 0 : _characterAccuracySum / Count;

    public void Add(string label, string read)
    {
        var expected = PlateCharacters.Normalize(label);
        var actual = PlateCharacters.Normalize(read);
        Count++;
        if (expected == actual)
        {
            _exact++;
        }

        _characterAccuracySum += expected.Length == 0
            ? (actual.Length == 0 ? 1 : 0)
            : Math.Max(0, 1 - (double)EditDistance(expected, actual) / expected.Length);
    }

    /// <summary>Levenshtein distance: insertions, deletions and substitutions, each costing 1.</summary>
    public static int EditDistance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
