namespace Vision.Pipeline.Plates;

/// <summary>Which grammar checks a read: Vietnamese plate formats, or the any-country check (4–10 letters and digits).</summary>
public enum PlateGrammarMode
{
    Vietnamese,
    Generic,
}
