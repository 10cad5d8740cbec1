using System.Globalization;
using Vision.Domain.Plates;

namespace Vision.Pipeline.Plates;

/// <summary>
/// The one check every read goes through once, where its layout is known: the configured grammar
/// (<see cref="VietnamesePlateGrammar"/> with look-alike correction, or the generic any-country rule), then the minimum
/// confidence a valid plate needs. A read whose weakest character is below <see cref="MinimumConfidence"/> keeps its
/// text but is not valid: the readers read badges, stickers and shop signs with a low confidence, and a plate that
/// was not read surely must not be reported as read.
/// </summary>
public sealed class PlateGrammar
{
    /// <summary>
    /// Default minimum confidence of a valid read's weakest character. Badges and stickers that fit a format score
    /// 0.10–0.47; on the labelled crops few exact reads fall below 0.5 (<c>vision plates evaluate</c> shows them).
    /// </summary>
    public const float DefaultMinimumConfidence = 0.5f;

    public PlateGrammar(PlateGrammarMode mode, float minimumConfidence = DefaultMinimumConfidence)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumConfidence, 0f);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minimumConfidence, 1f);
        Mode = mode;
        MinimumConfidence = minimumConfidence;
    }

    public static PlateGrammar Vietnamese { get; } = new(PlateGrammarMode.Vietnamese);

    public static PlateGrammar Generic { get; } = new(PlateGrammarMode.Generic);

    public PlateGrammarMode Mode { get; }

    public float MinimumConfidence { get; }

    /// <summary>
    /// Checks (and in the Vietnamese mode corrects) a read. <paramref name="layout"/>: the layout the formats should
    /// assume (<see cref="GrammarLayout.For"/>), or null when unknown (each form's own layout is tried).
    /// </summary>
    public PlateText Check(PlateRead read, PlateLayout? layout)
    {
        ArgumentNullException.ThrowIfNull(read);
        var text = Mode == PlateGrammarMode.Vietnamese
            ? VietnamesePlateGrammar.Correct(read, layout)
            : VietnamesePlateGrammar.Generic(read.Characters, read.CharacterConfidences, layout ?? PlateLayout.OneLine);
        if (!text.IsValid || text.Confidence >= MinimumConfidence)
        {
            return text;
        }

        return PlateText.Invalid(text.Normalized, text.Layout,
            string.Create(CultureInfo.InvariantCulture, $"weakest character read at {text.Confidence:F2}, below the {MinimumConfidence:F2} a plate needs"),
            text.CharacterConfidences);
    }
}
