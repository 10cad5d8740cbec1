namespace Vision.Domain.Plates.Consensus;

/// <summary>What a track's plate reads add up to.</summary>
/// <param name="Text">The decided characters (A–Z, 0–9).</param>
/// <param name="FormattedText">The plate grammar's text of a read with exactly these characters, or null when none parsed.</param>
/// <param name="IsValidPlate">Whether some read with exactly these characters fits a plate format.</param>
/// <param name="Score">The winning cluster's share of all reads' weight, 0–1.</param>
/// <param name="SupportingReads">The reads in the winning cluster.</param>
/// <param name="BestObservation">
/// The highest-quality observation that read exactly <paramref name="Text"/> (its crop is the evidence); when the vote
/// produced a text no single read had, the highest-quality observation of the winning cluster.
/// </param>
/// <param name="Alternatives">The other clusters, highest score first.</param>
/// <param name="IsStable">Whether the decided text is a valid plate and score and support reached the thresholds of <see cref="PlateConsensusOptions"/>.</param>
public sealed record PlateConsensusResult(
    string Text,
    string? FormattedText,
    bool IsValidPlate,
    double Score,
    int SupportingReads,
    PlateObservation BestObservation,
    IReadOnlyList<PlateAlternative> Alternatives,
    bool IsStable)
{
    /// <summary>
    /// How sure each character of <see cref="Text"/> is, 0–1: over the winning cluster's reads of its length, the
    /// weight of the reads with this character at this position times their confidence in it, over the weight of all
    /// of them. A character every read agrees on surely is near 1; one the reads split on is low. Empty when unknown.
    /// </summary>
    public IReadOnlyList<float> CharacterConfidences { get; init; } = [];
}
