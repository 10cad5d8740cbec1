namespace Vision.Pipeline.Plates.Evaluation;

/// <summary>Where two texts differ, by a minimal edit alignment (Levenshtein backtrace).</summary>
public static class Alignment
{
    /// <summary>
    /// The (expected, read) character pairs that differ: substitutions, and <c>'\0'</c> on the side of a missing
    /// (deleted) or extra (inserted) character.
    /// </summary>
    public static IReadOnlyList<(char Expected, char Read)> Differences(string expected, string read)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(read);
        var cost = new int[expected.Length + 1, read.Length + 1];
        for (var i = 0; i <= expected.Length; i++)
        {
            cost[i, 0] = i;
        }

        for (var j = 0; j <= read.Length; j++)
        {
            cost[0, j] = j;
        }

        for (var i = 1; i <= expected.Length; i++)
        {
            for (var j = 1; j <= read.Length; j++)
            {
                var substitution = cost[i - 1, j - 1] + (expected[i - 1] == read[j - 1] ? 0 : 1);
                cost[i, j] = Math.Min(substitution, Math.Min(cost[i - 1, j], cost[i, j - 1]) + 1);
            }
        }

        var differences = new List<(char, char)>();
        var (a, b) = (expected.Length, read.Length);
        while (a > 0 || b > 0)
        {
            if (a > 0 && b > 0 && cost[a, b] == cost[a - 1, b - 1] + (expected[a - 1] == read[b - 1] ? 0 : 1))
            {
                if (expected[a - 1] != read[b - 1])
                {
                    differences.Add((expected[a - 1], read[b - 1]));
                }

                (a, b) = (a - 1, b - 1);
            }
            else if (a > 0 && cost[a, b] == cost[a - 1, b] + 1)
            {
                differences.Add((expected[a - 1], '\0'));
                a--;
            }
            else
            {
                differences.Add(('\0', read[b - 1]));
                b--;
            }
        }

        differences.Reverse();
        return differences;
    }
}
