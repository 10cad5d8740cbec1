using Vision.Pipeline.Evidence.Verification;
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
    /// Per-character confidences of the decided read. The store keeps the read's overall score only, so this is empty
    /// until it records them; map them here when it does.
    /// </summary>
    private static IReadOnlyList<CharacterConfidence> CharactersOf(ViolationRecord violation) => [];
}

/// <summary>One character of a plate read with the reader's confidence in it (0–1).</summary>
public sealed record CharacterConfidence(char Character, double Confidence);
