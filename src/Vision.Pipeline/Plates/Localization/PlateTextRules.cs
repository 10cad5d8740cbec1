namespace Vision.Pipeline.Plates.Localization;

/// <summary>Which grammar checks and formats what the reader read.</summary>
public enum PlateTextRules
{
    /// <summary>Vietnamese formats, with look-alike corrections (<see cref="VietnamesePlateGrammar.Correct"/>).</summary>
    Vietnamese,

    /// <summary>Any country: 4–10 letters and digits, as read (<see cref="VietnamesePlateGrammar.Generic"/>).</summary>
    AnyCountry,
}
