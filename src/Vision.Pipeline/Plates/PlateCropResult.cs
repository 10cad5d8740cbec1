using Vision.Domain.Inference;
using Vision.Domain.Plates;
using Vision.Pipeline.Inference;

namespace Vision.Pipeline.Plates;

/// <summary>
/// The chosen text for one plate crop, its confidence, the background colour, the model(s) whose read it is (two when
/// both readers agreed) and every reader's alternative, first reader first.
/// </summary>
public sealed record PlateCropResult(
    PlateText Text,
    float Confidence,
    PlateColour Colour,
    IReadOnlyList<ModelIdentity> Models,
    IReadOnlyList<PlateAlternative> Alternatives)
{
    /// <summary>The first reader was unsure and the second read another plate: the text is kept, as not valid.</summary>
    public bool Contested { get; init; }
}
