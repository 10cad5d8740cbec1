using System.Text;
using Vision.Domain.Plates;

namespace Vision.Storage;

/// <summary>
/// Plates as the store indexes them: A–Z and 0–9 only, upper case, Đ read as D like the readers and the watchlist do
/// ("75-h1 425.99" → "75H142599", "29-MĐ1 123.45" → "29MD112345").
/// </summary>
public static class PlateKey
{
    public static string Normalize(string plate) => PlateCharacters.Normalize(plate);

    /// <summary>
    /// The first character of a typed plate that is neither a plate character (A–Z, Đ, 0–9, either case) nor a separator
    /// (space, -, ., /), or null. <see cref="Normalize"/> drops such a character silently, so "29É 234.56" (a Vietnamese
    /// keyboard's VNI mode turns "E1" into "É") would be stored as another plate, "2923456".
    /// </summary>
    public static string? ForeignCharacter(string plate)
    {
        foreach (var rune in plate.EnumerateRunes())
        {
            var onAPlate = rune.Value is ' ' or '-' or '.' or '/' or 'đ' or 'Đ' || (rune.IsAscii && char.IsAsciiLetterOrDigit((char)rune.Value));
            if (!onAPlate)
            {
                return rune.ToString();
            }
        }

        return null;
    }
}
