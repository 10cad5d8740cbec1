using System.ComponentModel.DataAnnotations;

namespace Vision.Pipeline.Plates;

/// <summary>How <see cref="PlateCropReader"/> checks reads and when it asks for a second opinion.</summary>
public sealed class PlateCropReaderOptions
{
    public PlateGrammarMode Grammar { get; set; } = PlateGrammarMode.Vietnamese;

    /// <summary>A valid read's weakest character needs at least this confidence (<see cref="PlateGrammar"/>).</summary>
    [Range(0.0, 1.0)]
    public float MinimumConfidence { get; set; } = PlateGrammar.DefaultMinimumConfidence;

    /// <summary>
    /// A valid first read whose weakest character is below this confidence is checked by the second reader too; an
    /// invalid first read always is. Only the first reader's characters below it may be replaced by the second's.
    /// </summary>
    [Range(0.0, 1.0)]
    public float SecondOpinionBelowConfidence { get; set; } = 0.9f;

    /// <summary>A crop at least this tall for its width (height / width) is taken as a two-line plate.</summary>
    [Range(0.1, 5.0)]
    public float TwoLineAspect { get; set; } = PaddleTextRecognizer.TwoLineAspect;
}
