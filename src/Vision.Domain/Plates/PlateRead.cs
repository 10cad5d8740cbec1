using Vision.Domain.Inference;

namespace Vision.Domain.Plates;

/// <summary>
/// What one reader made of one plate crop: the characters (A–Z, 0–9, no separators; two-line plates read top line
/// first) with a confidence per character, and the model that read them. <see cref="LineLengths"/> says how many
/// characters each line gave when the reader reads lines separately (PP-OCR on a two-line crop); null otherwise.
/// </summary>
public sealed record PlateRead(string Characters, IReadOnlyList<float> CharacterConfidences, ModelIdentity Model)
{
    /// <summary>The weakest character's confidence: one unsure character makes the whole read unsure.</summary>
    public float Confidence => CharacterConfidences.Count == 0 ? 0 : CharacterConfidences.Min();

    public IReadOnlyList<int>? LineLengths { get; init; }
}
