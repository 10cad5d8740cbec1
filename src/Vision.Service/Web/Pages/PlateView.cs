using Vision.Evidence.Verification;
using Vision.Storage;

namespace Vision.Service.Web.Pages;

/// <summary>
/// The plate as the violation page shows it: the machine's read, its validity and score, its alternatives and, where the
/// store has them, the confidence of each character (one entry per character of <see cref="Read"/>), plus the crop.
/// </summary>
public sealed record PlateView(
    string? Read,
    string? Formatted,
    double? Score,
    bool? Valid,
    IReadOnlyList<StoredPlateRead> Alternatives,
    IReadOnlyList<CharacterConfidence> Characters,
    string? CropFile,
    string? CropSource)
{
    public static PlateView Of(ViolationRecord violation, EvidenceManifest? manifest)
    {
        var crop = manifest?.Files.FirstOrDefault(file => file.Role is "plate-crop")
            ?? manifest?.Files.FirstOrDefault(file => file.Role is "vehicle-crop");
        return new PlateView(
            violation.PlateText,
            violation.PlateFormatted,
            violation.PlateScore,
            violation.PlateValid,
            violation.PlateReads.Where(read => read.Rank > 0).OrderBy(read => read.Rank).ToList(),
            CharactersOf(violation),
            crop?.Name,
            manifest?.Plate?.CropSource);
    }

    /// <summary>
    /// Per-character confidences of the machine's read, one per character of <see cref="Read"/> as the store keeps them;
    /// empty when the store has none or they do not line up with the read (a read recorded before they were kept).
    /// </summary>
    private static List<CharacterConfidence> CharactersOf(ViolationRecord violation) =>
        violation.PlateText is { } text && text.Length == violation.PlateCharacterConfidences.Count
            ? text.Select((character, i) => new CharacterConfidence(character, violation.PlateCharacterConfidences[i])).ToList()
            : [];
}

/// <summary>One character of a plate read with the reader's confidence in it (0–1).</summary>
public sealed record CharacterConfidence(char Character, double Confidence);
