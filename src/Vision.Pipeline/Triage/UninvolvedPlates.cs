using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Plates.Localization;
using Vision.Pipeline.Triage.Categories;

namespace Vision.Pipeline.Triage;

/// <summary>
/// Which plates the publishable copy obscures. A report about a vehicle (traffic violation, illegal parking, vehicle
/// on the sidewalk) is about the photo's principal vehicle, the largest one the detector is sure of; its plate stays
/// readable and every other plate is obscured. In every other category no vehicle is involved and all plates are obscured.
/// </summary>
public static class UninvolvedPlates
{
    private static readonly HashSet<string> VehicleCategories = new(StringComparer.OrdinalIgnoreCase)
    {
        ReportCategories.TrafficViolation, ReportCategories.IllegalParking, ReportCategories.VehicleOnSidewalk,
    };

    public static IReadOnlyList<BoundingBox> Select(IReadOnlyList<PhotoPlateRead> plates, string? category, IReadOnlyList<TriageObject> objects, double minEvidenceScore)
    {
        var requirement = category is null ? null : ReportCategories.Find(category);
        var principal = requirement is not null && VehicleCategories.Contains(requirement.Category)
            ? objects.Where(found => found.Kind == TriageObjectKind.Vehicle && found.Confidence >= minEvidenceScore).MaxBy(found => found.Box.Area)
            : null;
        return
        [
            .. plates.Where(plate => principal is null || plate.Vehicle is not { } vehicle || vehicle.Box != principal.Box)
                .Select(plate => plate.Box),
        ];
    }
}
