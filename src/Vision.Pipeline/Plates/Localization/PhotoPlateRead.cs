using Vision.Pipeline.Inference;
using Vision.Pipeline.ObjectDetection;

namespace Vision.Pipeline.Plates.Localization;

/// <summary>
/// One plate found and read in a photo: its box in photo pixels, the vehicle it is on (null when the whole photo was
/// searched), the text as the grammar formats it, the reader's confidence and every model that took part.
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
}
