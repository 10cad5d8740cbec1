namespace Vision.Pipeline.Plates;

/// <summary>How <see cref="PlateCropReader"/> checks reads and when it asks for a second opinion.</summary>
public sealed class PlateCropReaderOptions
{
    public PlateGrammarMode Grammar { get; set; } = PlateGrammarMode.Vietnamese;

    /// <summary>
    /// A valid first read whose weakest character is below this confidence is checked by the second reader too;
    /// an invalid first read always is.
    /// </summary>
    public float SecondOpinionBelowConfidence { get; set; } = 0.9f;

    /// <summary>A crop at least this tall for its width (height / width) is taken as a two-line plate.</summary>
    public float TwoLineAspect { get; set; } = PaddleTextRecognizer.TwoLineAspect;
}
