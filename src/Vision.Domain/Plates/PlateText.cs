namespace Vision.Domain.Plates;

/// <summary>
/// A read checked against a plate grammar. <see cref="Normalized"/> is A–Z and 0–9 only; <see cref="Formatted"/> is
/// the way the plate is written (<c>75A-182.83</c>, <c>75-H1 425.99</c>) when valid, otherwise the normalised text.
/// <see cref="CharacterConfidences"/> holds the reader's confidence of each character of <see cref="Normalized"/>
/// (a character the grammar swapped for its look-alike keeps the confidence it was read with); empty when unknown.
/// </summary>
public sealed record PlateText(
    string Normalized,
    string Formatted,
    bool IsValid,
    PlateLayout Layout,
    VietnamesePlateKind Kind,
    string? InvalidReason = null,
    int Corrections = 0,
    IReadOnlyList<float>? CharacterConfidences = null)
{
    /// <summary>The weakest character's confidence (0 when unknown).</summary>
    public float Confidence => CharacterConfidences is { Count: > 0 } confidences ? confidences.Min() : 0;

    public static PlateText Invalid(string normalized, PlateLayout layout, string reason, IReadOnlyList<float>? confidences = null) =>
        new(normalized, normalized, false, layout, VietnamesePlateKind.Unknown, reason, 0, confidences);

    public override string ToString() => IsValid ? Formatted : $"{Normalized} (invalid: {InvalidReason})";
}
