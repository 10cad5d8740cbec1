using Vision.Domain.Geometry;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Plates.Localization;
using Vision.Pipeline.Triage.Categories;

namespace Vision.Pipeline.Triage;

/// <summary>
/// Which plate-like regions the publishable copy obscures: all of them (read or not, valid or not) except the principal
/// vehicle's plate. A report about a vehicle (traffic violation, illegal parking, vehicle on the sidewalk) is about the
/// photo's principal vehicle, the largest one the detector is sure of; its plate stays readable. The detector often
/// boxes one vehicle twice (car and truck): a box over nearly the same pixels is the same vehicle. In every
/// other category no vehicle is involved and every plate is obscured.
/// </summary>
public static class UninvolvedPlates
{
    // Two vehicle boxes this alike (intersection over union) are one vehicle detected twice; a motorbike in front
    // of a bus, inside the bus's box, is not.
    private const float SameVehicleIou = 0.6f;

    // A region overlapping the principal plate this much (intersection over the smaller box) is that plate.
    private const float SamePlateOverlap = 0.5f;

    private static readonly HashSet<string> VehicleCategories = new(StringComparer.OrdinalIgnoreCase)
    {
        ReportCategories.TrafficViolation, ReportCategories.IllegalParking, ReportCategories.VehicleOnSidewalk,
    };

    public static IReadOnlyList<BoundingBox> Select(PhotoPlates plates, string? category, IReadOnlyList<TriageObject> objects, double minEvidenceScore)
    {
        ArgumentNullException.ThrowIfNull(plates);
        var principalPlate = PrincipalPlate(plates.Reads, category, objects, minEvidenceScore);
        return [.. plates.PlateRegions.Where(region => principalPlate is not { } shown || OverlapOfSmaller(region, shown) < SamePlateOverlap)];
    }

    /// <summary>The box of the principal vehicle's plate (its surest valid read, else any read), or null when none.</summary>
    public static BoundingBox? PrincipalPlate(IReadOnlyList<PhotoPlateRead> reads, string? category, IReadOnlyList<TriageObject> objects, double minEvidenceScore)
    {
        var requirement = category is null ? null : ReportCategories.Find(category);
        if (requirement is null || !VehicleCategories.Contains(requirement.Category))
        {
            return null;
        }

        var principal = objects.Where(found => found.Kind == TriageObjectKind.Vehicle && found.Confidence >= minEvidenceScore).MaxBy(found => found.Box.Area);
        if (principal is null)
        {
            return null;
        }

        return reads
            .Where(read => read.Vehicle is { } vehicle && vehicle.Box.IntersectionOverUnion(principal.Box) >= SameVehicleIou)
            .OrderByDescending(read => read.IsValid)
            .ThenByDescending(read => read.Confidence)
            .Select(read => (BoundingBox?)read.Box)
            .FirstOrDefault();
    }

    private static float OverlapOfSmaller(BoundingBox a, BoundingBox b)
    {
        var width = MathF.Min(a.Right, b.Right) - MathF.Max(a.Left, b.Left);
        var height = MathF.Min(a.Bottom, b.Bottom) - MathF.Max(a.Top, b.Top);
        return width <= 0 || height <= 0 ? 0 : width * height / MathF.Max(1e-6f, MathF.Min(a.Area, b.Area));
    }
}
