namespace Vision.Pipeline.Plates.Consensus;

/// <summary>
/// Characters plate readers mistake for one another: 0/D/O/Q, 8/B, 5/S, 2/Z, 1/I and 6/G. Vietnamese plates never use
/// I, O or Q, so those in a read are always a misread of 1 or 0.
/// </summary>
public static class ConfusableCharacters
{
    /// <summary>The representative of the character's confusion class (the digit), or the character itself.</summary>
    public static char Canonical(char character) => character switch
    {
        'D' or 'O' or 'Q' => '0',
        'B' => '8',
        'S' => '5',
        'Z' => '2',
        'I' => '1',
        'G' => '6',
        _ => character,
    };

    /// <summary>Whether two different characters are commonly mistaken for each other.</summary>
    public static bool AreConfusable(char first, char second) => first != second && Canonical(first) == Canonical(second);

    /// <summary>
    /// Edit distance where substituting a confusable character costs 0.5 and any other edit 1, so a read that differs
    /// from a plate only by a confusion is nearer than one with a real error.
    /// </summary>
    public static double Distance(ReadOnlySpan<char> first, ReadOnlySpan<char> second)
    {
        // In half units (confusion 1, other edits 2) so the table stays integer; plates are short enough for the stack.
        const int StackRowLimit = 128;
        var row = second.Length < StackRowLimit ? stackalloc int[second.Length + 1] : new int[second.Length + 1];
        for (var j = 0; j < row.Length; j++)
        {
            row[j] = 2 * j;
        }

        for (var i = 1; i <= first.Length; i++)
        {
            var diagonal = row[0];
            row[0] = 2 * i;
            for (var j = 1; j <= second.Length; j++)
            {
                var above = row[j];
                var substitutionCost = first[i - 1] == second[j - 1] ? 0 : AreConfusable(first[i - 1], second[j - 1]) ? 1 : 2;
                row[j] = Math.Min(diagonal + substitutionCost, Math.Min(above, row[j - 1]) + 2);
                diagonal = above;
            }
        }

        return row[second.Length] / 2.0;
    }
}
