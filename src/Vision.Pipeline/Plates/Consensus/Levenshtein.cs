using System.Buffers;

namespace Vision.Pipeline.Plates.Consensus;

/// <summary>Edit distance (insertions, deletions, substitutions, each costing 1) between two strings.</summary>
public static class Levenshtein
{
    // Plates are under 16 characters; anything up to this length is computed on the stack.
    private const int StackRowLimit = 128;

    public static int Distance(ReadOnlySpan<char> first, ReadOnlySpan<char> second) =>
        Distance(first, second, int.MaxValue - 1);

    /// <summary>
    /// The edit distance when it is at most <paramref name="maxDistance"/>, else <paramref name="maxDistance"/> + 1;
    /// gives up as soon as every path already costs more.
    /// </summary>
    public static int Distance(ReadOnlySpan<char> first, ReadOnlySpan<char> second, int maxDistance)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDistance);
        if (Math.Abs(first.Length - second.Length) > maxDistance)
        {
            return maxDistance + 1;
        }

        var prefix = first.CommonPrefixLength(second);
        first = first[prefix..];
        second = second[prefix..];
        while (first.Length > 0 && second.Length > 0 && first[^1] == second[^1])
        {
            first = first[..^1];
            second = second[..^1];
        }

        if (first.Length == 0 || second.Length == 0)
        {
            return Math.Min(first.Length + second.Length, maxDistance + 1);
        }

        int[]? rented = null;
        var row = second.Length < StackRowLimit
            ? stackalloc int[second.Length + 1]
            : (rented = ArrayPool<int>.Shared.Rent(second.Length + 1)).AsSpan(0, second.Length + 1);
        try
        {
            return Fill(first, second, maxDistance, row);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<int>.Shared.Return(rented);
            }
        }
    }

    // One row of the dynamic-programming table, rewritten in place: row[j] is the distance of first[..i] to second[..j].
    private static int Fill(ReadOnlySpan<char> first, ReadOnlySpan<char> second, int maxDistance, Span<int> row)
    {
        for (var j = 0; j < row.Length; j++)
        {
            row[j] = j;
        }

        for (var i = 1; i <= first.Length; i++)
        {
            var diagonal = row[0];
            row[0] = i;
            var rowMinimum = i;
            for (var j = 1; j <= second.Length; j++)
            {
                var above = row[j];
                var substitution = diagonal + (first[i - 1] == second[j - 1] ? 0 : 1);
                row[j] = Math.Min(substitution, Math.Min(above, row[j - 1]) + 1);
                diagonal = above;
                rowMinimum = Math.Min(rowMinimum, row[j]);
            }

            if (rowMinimum > maxDistance)
            {
                return maxDistance + 1;
            }
        }

        return Math.Min(row[second.Length], maxDistance + 1);
    }
}
