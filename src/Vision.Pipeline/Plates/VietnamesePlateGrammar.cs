using Vision.Domain.Plates;

namespace Vision.Pipeline.Plates;

/// <summary>
/// Checks and formats Vietnamese plates (and, in the generic mode, any country's). Formats, on normalised A–Z0–9 text:
/// <list type="bullet">
/// <item>car <c>NNL-NNN.NN</c> (<c>75A-182.83</c>) and the older <c>NNL-NNNN</c> (<c>29A-1234</c>); a square rear
/// plate carries the same text on two lines;</item>
/// <item>motorbike, two lines, series of a letter and a digit: <c>NN-LN NNN.NN</c> (<c>75-H1 425.99</c>) or the older
/// <c>NN-LN NNNN</c> (<c>30-L9 0860</c>); series of two letters: <c>NN-LL NNN.NN</c> (<c>29-HA 002.33</c>, since 2023) or
/// <c>NN-LL NNNN</c> (<c>77-FC 1663</c>); electric motorbikes, series MĐ and a digit: <c>NN-MĐN NNN.NN</c>
/// (<c>29-MĐ1 123.45</c>, ten characters: an officer's correction, never a read of the 9-slot reader);</item>
/// <item>special series, two letters after the area code: diplomatic and foreign (NG, NN, QT, CV) written
/// <c>NN-NG-NNN-NN</c>; joint-venture and economic (LD, KT, DA, TD, HC, MK) written like cars, <c>51LD-123.45</c>;
/// a single R (trailers) written like a car, <c>51R-123.45</c>.</item>
/// </list>
/// An 8-character read <c>NNLNNNNN</c> fits both a 5-digit car and a 4-digit motorbike plate: the layout decides
/// (two lines → motorbike, otherwise car). <c>NNLLNNNNN</c> and <c>NNLLNNNN</c> are special when their series is, else
/// motorbike plates. <see cref="PlateGrammar"/> adds the minimum confidence a valid read needs.
/// </summary>
public static class VietnamesePlateGrammar
{
    // The 20 letters Circular 24/2023 (kept by 79/2024) issues in series, with R: trailers' car plates and older two-line
    // series still on the road (51-R5). I, J, O, Q and W are never issued; Q appears only in the diplomatic series QT.
    private const string SeriesLetters = "ABCDEFGHKLMNPRSTUVXYZ";

    // Letters no series uses, and digits, are read in series positions as their look-alikes where the reader was unsure.
    private static readonly Dictionary<char, char> s_letterLookAlikes = new()
    {
        ['0'] = 'D', ['O'] = 'D', ['2'] = 'Z', ['5'] = 'S', ['8'] = 'B', ['6'] = 'G', ['4'] = 'A', ['7'] = 'T',
    };

    private static readonly Dictionary<char, char> s_digitLookAlikes = new()
    {
        ['O'] = '0', ['D'] = '0', ['Q'] = '0', ['I'] = '1', ['Z'] = '2', ['S'] = '5', ['B'] = '8', ['G'] = '6', ['A'] = '4', ['T'] = '7',
    };

    private static readonly HashSet<string> s_diplomaticSeries = ["NG", "NN", "QT", "CV"];
    private static readonly HashSet<string> s_otherSpecialSeries = ["LD", "KT", "DA", "TD", "HC", "MK", "R"];

    // What a letter position may hold before its series is checked: the series letters and those of the special series.
    private static readonly string s_letterPositionLetters = string.Concat(SeriesLetters.Union(s_diplomaticSeries.Concat(s_otherSpecialSeries).SelectMany(series => series)));

    /// <summary>
    /// Area codes in use (Circular 24/2023/TT-BCA, Appendix 2, and its predecessors): 11–12, 14–41, 43, 47–86, 88–90,
    /// 92–95, 97–99. Never assigned: 10 and below, 13 (the former Hà Bắc), 42, 44, 45, 46, 87, 91, 96. The 2025 province
    /// mergers keep the old codes valid. Examples: 75 Huế; 29–33 and 40 Hà Nội; 41 and 50–59 Hồ Chí Minh City; 80 central agencies.
    /// </summary>
    private static readonly HashSet<int> s_areaCodes =
    [
        11, 12, .. Enumerable.Range(14, 41 - 14 + 1), 43, .. Enumerable.Range(47, 86 - 47 + 1), 88, 89, 90, 92, 93, 94, 95, 97, 98, 99,
    ];

    private static readonly VietnamesePlateFormat[] s_formats =
    [
        new("car, 5-digit serial", "NNLNNNNN", VietnamesePlateKind.Car, PlateLayout.OneLine, t => $"{t[..3]}-{t[3..6]}.{t[6..]}"),
        new("car, 4-digit serial", "NNLNNNN", VietnamesePlateKind.Car, PlateLayout.OneLine, t => $"{t[..3]}-{t[3..]}"),
        new("motorbike, 4-digit serial", "NNLNNNNN", VietnamesePlateKind.Motorbike, PlateLayout.TwoLine, t => $"{t[..2]}-{t[2..4]} {t[4..]}"),
        new("motorbike, 5-digit serial", "NNLNNNNNN", VietnamesePlateKind.Motorbike, PlateLayout.TwoLine, t => $"{t[..2]}-{t[2..4]} {t[4..7]}.{t[7..]}"),
        new("motorbike, two-letter series", "NNLLNNNNN", VietnamesePlateKind.Motorbike, PlateLayout.TwoLine, t => $"{t[..2]}-{t[2..4]} {t[4..7]}.{t[7..]}"),
        new("motorbike, two-letter series, 4-digit serial", "NNLLNNNN", VietnamesePlateKind.Motorbike, PlateLayout.TwoLine, t => $"{t[..2]}-{t[2..4]} {t[4..]}"),
        new("electric motorbike", "NNLLNNNNNN", VietnamesePlateKind.Motorbike, PlateLayout.TwoLine, t => $"{t[..2]}-M\u0110{t[4]} {t[5..8]}.{t[8..]}", OnlySeries: "MD"),
        new("special series, 5-digit serial", "NNLLNNNNN", VietnamesePlateKind.Special, PlateLayout.OneLine, FormatSpecial),
        new("special series, 4-digit serial", "NNLLNNNN", VietnamesePlateKind.Special, PlateLayout.OneLine, t => $"{t[..4]}-{t[4..]}"),
    ];

    public static bool IsAreaCode(int code) => s_areaCodes.Contains(code);

    /// <summary>Checks a read as it is. <paramref name="layout"/>, when known from the crop, settles the 8-character ambiguity.</summary>
    public static PlateText Parse(string characters, PlateLayout? layout = null)
    {
        var normalized = PlateCharacters.Normalize(characters);
        var best = Candidates(normalized, [], layout).Where(c => c.Corrections == 0).OrderBy(c => c.Rank).FirstOrDefault();
        return best.Text ?? Explain(normalized, layout);
    }

    /// <summary>
    /// A character read at least this confidently is never swapped: a sure read that fits no format is a foreign or
    /// unusual plate, not a misread (on vn_crops, swapping sure characters only ever forced foreign plates into shape).
    /// </summary>
    public const float CorrectableBelowConfidence = 0.9f;

    /// <summary>
    /// Checks a read, swapping look-alike characters (0↔D/O, 2↔Z, 5↔S, 8↔B, 6↔G, 4↔A, 7↔T, I→1) only where a format
    /// demands the other class, only for characters read below <see cref="CorrectableBelowConfidence"/>, and only when
    /// that gives a valid plate. Among valid outcomes: fewest swaps first, then the form matching the layout, then the
    /// swaps of the least confident characters.
    /// </summary>
    public static PlateText Correct(PlateRead read, PlateLayout? layout = null)
    {
        ArgumentNullException.ThrowIfNull(read);
        var normalized = PlateCharacters.Normalize(read.Characters);
        // Confidences line up with characters only when normalising removed nothing.
        IReadOnlyList<float> confidences = normalized.Length == read.CharacterConfidences.Count ? read.CharacterConfidences : [];
        var best = Candidates(normalized, confidences, layout).OrderBy(c => c.Rank).FirstOrDefault();
        var text = best.Text ?? Explain(normalized, layout);
        return confidences.Count == 0 ? text : text with { CharacterConfidences = confidences };
    }

    /// <summary>
    /// Any country, as read: 5 to 8 letters and digits with at least one digit (makes, model names and words on badges
    /// have none), at least 6 when all are digits (years, prices and fleet numbers are shorter), and at least two
    /// different characters (a row of zeros is a counter or a stripe). Covers the plates of Europe, Brazil and most of
    /// the world; a single line of a two-line plate (<c>29B1</c>) is too short. Nothing is corrected: no format says what
    /// each position holds.
    /// </summary>
    public static PlateText Generic(string characters, PlateLayout layout = PlateLayout.OneLine) => Generic(characters, [], layout);

    /// <inheritdoc cref="Generic(string, PlateLayout)"/>
    public static PlateText Generic(string characters, IReadOnlyList<float> characterConfidences, PlateLayout layout)
    {
        ArgumentNullException.ThrowIfNull(characterConfidences);
        var normalized = PlateCharacters.Normalize(characters);
        IReadOnlyList<float>? confidences = normalized.Length == characterConfidences.Count && normalized.Length > 0 ? characterConfidences : null;
        var digits = normalized.Count(char.IsAsciiDigit);
        var reason = normalized.Length switch
        {
            < GenericMinimumLength or > GenericMaximumLength => $"{normalized.Length} characters; a plate has {GenericMinimumLength} to {GenericMaximumLength}",
            _ when digits == 0 => "no digit; badges and names are not plates",
            _ when digits == normalized.Length && digits < GenericMinimumAllDigits => $"only {digits} digits; a number, not a plate",
            _ when normalized.Distinct().Count() < 2 => "one character repeated; not a plate",
            _ => null,
        };
        return reason is null
            ? new PlateText(normalized, normalized, true, layout, VietnamesePlateKind.Unknown, null, 0, confidences)
            : PlateText.Invalid(normalized, layout, reason, confidences);
    }

    private const int GenericMinimumLength = 5;
    private const int GenericMinimumAllDigits = 6;
    private const int GenericMaximumLength = 8;

    private static IEnumerable<(PlateText Text, (int, int, float) Rank, int Corrections)> Candidates(
        string normalized, IReadOnlyList<float> confidences, PlateLayout? layout)
    {
        foreach (var format in s_formats)
        {
            if (format.Pattern.Length != normalized.Length || !TryFit(normalized, format.Pattern, confidences, out var fitted, out var swaps, out var swappedConfidence))
            {
                continue;
            }

            if (!IsAreaCode(int.Parse(fitted.AsSpan(0, 2), provider: System.Globalization.CultureInfo.InvariantCulture)) || !SeriesFits(format, fitted))
            {
                continue;
            }

            var kind = format.Kind == VietnamesePlateKind.Car && s_otherSpecialSeries.Contains(format.SeriesOf(fitted)) ? VietnamesePlateKind.Special : format.Kind;
            var layoutMismatch = layout is { } known && known != format.Layout ? 1 : 0;
            var text = new PlateText(fitted, format.Format(fitted), true, layout ?? format.Layout, kind, null, swaps);
            yield return (text, (swaps, layoutMismatch, swappedConfidence), swaps);
        }
    }

    private static bool SeriesFits(VietnamesePlateFormat format, string fitted)
    {
        var series = format.SeriesOf(fitted);
        if (format.OnlySeries is { } only)
        {
            return series == only;
        }

        var special = s_diplomaticSeries.Contains(series) || s_otherSpecialSeries.Contains(series);
        return format.Kind switch
        {
            VietnamesePlateKind.Special => special,
            VietnamesePlateKind.Motorbike when series.Length == 2 && char.IsAsciiLetter(series[1]) => !special && IssuedLetters(series),
            _ => IssuedLetters(series),
        };

        static bool IssuedLetters(string series) => series.All(character => char.IsAsciiDigit(character) || SeriesLetters.Contains(character, StringComparison.Ordinal));
    }

    private static bool TryFit(string normalized, string pattern, IReadOnlyList<float> confidences, out string fitted, out int swaps, out float swappedConfidence)
    {
        var characters = normalized.ToCharArray();
        swaps = 0;
        swappedConfidence = 0;
        fitted = normalized;
        for (var i = 0; i < characters.Length; i++)
        {
            var wantsDigit = pattern[i] == VietnamesePlateFormat.Digit;
            var character = characters[i];
            if (wantsDigit ? char.IsAsciiDigit(character) : s_letterPositionLetters.Contains(character, StringComparison.Ordinal))
            {
                continue;
            }

            var confidence = i < confidences.Count ? confidences[i] : 0;
            if (confidence >= CorrectableBelowConfidence ||
                !(wantsDigit ? s_digitLookAlikes : s_letterLookAlikes).TryGetValue(character, out var replacement))
            {
                return false;
            }

            characters[i] = replacement;
            swaps++;
            swappedConfidence += confidence;
        }

        fitted = new string(characters);
        return true;
    }

    private static PlateText Explain(string normalized, PlateLayout? layout)
    {
        var shown = layout ?? PlateLayout.OneLine;
        if (normalized.Length == 0)
        {
            return PlateText.Invalid(normalized, shown, "no characters");
        }

        if (!s_formats.Any(f => f.Pattern.Length == normalized.Length))
        {
            return PlateText.Invalid(normalized, shown, $"{normalized.Length} characters; Vietnamese plates have {s_formats.Min(f => f.Pattern.Length)} to {s_formats.Max(f => f.Pattern.Length)}");
        }

        if (normalized.Length >= 2 && char.IsAsciiDigit(normalized[0]) && char.IsAsciiDigit(normalized[1]) &&
            !IsAreaCode(int.Parse(normalized.AsSpan(0, 2), provider: System.Globalization.CultureInfo.InvariantCulture)))
        {
            return PlateText.Invalid(normalized, shown, $"{normalized[..2]} is not a Vietnamese area code");
        }

        return PlateText.Invalid(normalized, shown, "letters and digits fit no Vietnamese plate format");
    }

    private static string FormatSpecial(string t) =>
        s_diplomaticSeries.Contains(t[2..4]) ? $"{t[..2]}-{t[2..4]}-{t[4..7]}-{t[7..]}" : $"{t[..4]}-{t[4..7]}.{t[7..]}";
}
