using Vision.Domain.Geometry;
using Vision.Domain.Inference;
using Vision.Domain.Plates;
using Vision.Pipeline.Inference;
using Vision.Pipeline.ObjectDetection;

namespace Vision.Pipeline.Plates.Localization;

/// <summary>
/// One plate found and read in a photo: its box in photo pixels, the vehicle it is on (null when found by the
/// whole-photo search outside every detected vehicle), the text as the grammar formats it (with its per-character
/// confidences), the reader's confidence, every model that took part, and each reader's alternative read.
/// </summary>
public sealed record PhotoPlateRead(
    BoundingBox Box,
    Detection? Vehicle,
    string? VehicleClass,
    PlateText Text,
    float Confidence,
    PlateLayout Layout,
    IReadOnlyList<ModelIdentity> Models)
{
    public string Formatted => Text.Formatted;

    public bool IsValid => Text.IsValid;

    /// <summary>Each reader's checked read of the chosen crop, first reader first.</summary>
    public IReadOnlyList<PlateAlternative> Alternatives { get; init; } = [];

    public PlateColour Colour { get; init; } = PlateColour.Unknown;
}
