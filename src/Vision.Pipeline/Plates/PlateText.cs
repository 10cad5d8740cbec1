namespace Vision.Pipeline.Plates;

/// <summary>
/// A read checked against a plate grammar. <see cref="Normalized"/> is A–Z and 0–9 only; <see cref="Formatted"/> is
/// the way the plate is written (<c>75A-182.83</c>, <c>75-H1 425.99</c>) when valid, otherwise the normalised text.
/// </summary>
public sealed record PlateText(
    string Normalized,
    string Formatted,
    bool IsValid,
    PlateLayout Layout,
    VietnamesePlateKind Kind,
    string? InvalidReason = null,
    int Corrections = 0)
{
    public static PlateText Invalid(string normalized, PlateLayout layout, string reason) =>
        new(normalized, normalized, false, layout, VietnamesePlateKind.Unknown, reason);

    public override string ToString() => IsValid ? Formatted : $"{Normalized} (invalid: {InvalidReason})";
}
