using System.Collections.Frozen;
using System.Text;

namespace Vision.Pipeline.Evidence;

/// <summary>
/// Text as OpenCV's Hershey fonts can draw it (printable ASCII): Vietnamese letters lose their diacritics
/// ("Huế" → "Hue", "Đường" → "Duong"), combining marks are dropped, anything else becomes '?'. Only for drawing on
/// images; the manifest keeps the exact text.
/// </summary>
public static class HersheyText
{
    private static readonly FrozenDictionary<char, char> Letters = BuildLetters();

    public static string Transliterate(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is >= ' ' and <= '~')
            {
                builder.Append(c);
            }
            else if (Letters.TryGetValue(c, out var plain))
            {
                builder.Append(plain);
            }
            else if (c is >= '\u0300' and <= '\u036F')
            {
                // A combining diacritic of decomposed text: the base letter is already written.
            }
            else
            {
                builder.Append(char.IsWhiteSpace(c) ? ' ' : '?');
            }
        }

        return builder.ToString();
    }

    private static FrozenDictionary<char, char> BuildLetters()
    {
        (string Accented, char Plain)[] groups =
        [
            ("àáảãạăằắẳẵặâầấẩẫậ", 'a'), ("ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", 'A'),
            ("èéẻẽẹêềếểễệ", 'e'), ("ÈÉẺẼẸÊỀẾỂỄỆ", 'E'),
            ("ìíỉĩị", 'i'), ("ÌÍỈĨỊ", 'I'),
            ("òóỏõọôồốổỗộơờớởỡợ", 'o'), ("ÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ", 'O'),
            ("ùúủũụưừứửữự", 'u'), ("ÙÚỦŨỤƯỪỨỬỮỰ", 'U'),
            ("ỳýỷỹỵ", 'y'), ("ỲÝỶỸỴ", 'Y'),
            ("đ", 'd'), ("Đ", 'D'),
            ("–—", '-'), ("‘’", '\''), ("“”", '"'), ("…", '.'), ("°", 'o'), ("·•", '.'),
        ];
        return groups.SelectMany(group => group.Accented.Select(c => KeyValuePair.Create(c, group.Plain))).ToFrozenDictionary();
    }
}
