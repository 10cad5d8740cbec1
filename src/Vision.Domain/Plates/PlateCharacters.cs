using System.Text;

namespace Vision.Domain.Plates;

/// <summary>The plate alphabet: A–Z and 0–9, no separators.</summary>
public static class PlateCharacters
{
    /// <summary>Uppercase, Đ → D, and every character outside A–Z and 0–9 dropped ("75-H1 425.99" → "75H142599").</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalized = new StringBuilder(text.Length);
        foreach (var raw in text)
        {
            var character = raw is 'đ' or 'Đ' ? 'D' : char.ToUpperInvariant(raw);
            if (char.IsAsciiLetterUpper(character) || char.IsAsciiDigit(character))
            {
                normalized.Append(character);
            }
        }

        return normalized.ToString();
    }
}
