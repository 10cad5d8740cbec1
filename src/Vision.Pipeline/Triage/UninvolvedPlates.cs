using Vision.Domain.Geometry;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Plates;
using Vision.Pipeline.Plates.Localization;
using Vision.Pipeline.Triage.Categories;

namespace Vision.Pipeline.Triage;

/// <summary>
/// Which plate-like regions the publishable copy obscures: all of them (read or not, valid or not) except the principal
/// vehicle's plate. A report about a vehicle (traffic violation, illegal parking, vehicle on the sidewalk) is about the
/// photo's principal vehicle, the largest plate-carrying one the detector is sure of; its plate stays readable. The detector often
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

    /// <summary>
    /// The regions to obscure: every plate-like region but the principal vehicle's plate, and where a plate can be
    /// (<see cref="PlateBand"/>) on every other plate-carrying vehicle the detector is sure of in which no plate was found
    /// (the plate finder misses some a person can still read; the camera's evidence copies do the same).
    /// </summary>
    public static IReadOnlyList<BoundingBox> Select(PhotoPlates plates, string? category, IReadOnlyList<TriageObject> objects, double minEvidenceScore)
    {
        ArgumentNullException.ThrowIfNull(plates);
        var principal = PrincipalVehicle(category, objects, minEvidenceScore);
        var principalPlate = principal is null ? null : PlateOf(principal, plates.Reads);
        List<BoundingBox> othersPlates = [.. plates.PlateRegions.Where(region => principalPlate is not { } shown || region.OverlapOfSmaller(shown) < SamePlateOverlap)];
        List<BoundingBox> obscured = [.. othersPlates];
        var vehicles = PlateCarryingVehicles(objects, minEvidenceScore).ToList();
        foreach (var vehicle in vehicles)
        {
            var plateBand = PlateBand.Of(vehicle.Box);
            var isPrincipal = principal is not null && vehicle.Box.IntersectionOverUnion(principal.Box) >= SameVehicleIou;
            // A band over the principal's plate would hide it: that plate, shown, is kept readable at this vehicle's cost.
            // The principal's plate, shown, is nobody else's: a motorbike whose box reaches over it still has its own.
            if (!isPrincipal && !HasAFoundPlate(vehicle, othersPlates, vehicles)
                && (principalPlate is not { } shown || !plateBand.HoldsCentreOf(shown)))
            {
                obscured.Add(plateBand);
            }
        }

        return obscured;
    }

    /// <summary>
    /// Whether the plate finder found this vehicle's plate: a region in its box that is not a smaller overlapping
    /// vehicle's (a motorbike stopped in front of a car owns the plate in its box, as in the camera path). Bands added
    /// for other vehicles are nobody's plate: the car behind the motorbike still needs its own.
    /// </summary>
    private static bool HasAFoundPlate(TriageObject vehicle, IReadOnlyList<BoundingBox> found, IReadOnlyList<TriageObject> vehicles)
    {
        var inFront = vehicles
            .Where(other => other.Box.Area < vehicle.Box.Area && other.Box.IntersectionArea(vehicle.Box) > 0
                            && other.Box.IntersectionOverUnion(vehicle.Box) < SameVehicleIou)
            .Select(other => other.Box).ToList();
        return found.Any(region => vehicle.Box.HoldsCentreOf(region) && !inFront.Any(box => box.HoldsCentreOf(region)));
    }

    /// <summary>The box of the principal vehicle's plate (its surest valid read, else any read), or null when none.</summary>
    public static BoundingBox? PrincipalPlate(IReadOnlyList<PhotoPlateRead> reads, string? category, IReadOnlyList<TriageObject> objects, double minEvidenceScore) =>
        PrincipalVehicle(category, objects, minEvidenceScore) is { } principal ? PlateOf(principal, reads) : null;

    /// <summary>The vehicle a vehicle report is about: the largest plate-carrying one the detector is sure of; none in other categories.</summary>
    private static TriageObject? PrincipalVehicle(string? category, IReadOnlyList<TriageObject> objects, double minEvidenceScore)
    {
        var requirement = category is null ? null : ReportCategories.Find(category);
        return requirement is null || !VehicleCategories.Contains(requirement.Category)
            ? null
            : PlateCarryingVehicles(objects, minEvidenceScore).MaxBy(found => found.Box.Area);
    }

    private static IEnumerable<TriageObject> PlateCarryingVehicles(IReadOnlyList<TriageObject> objects, double minEvidenceScore) =>
        objects.Where(found => found.Kind == TriageObjectKind.Vehicle && !UnplatedVehicles.Contains(found.ClassName) && found.Confidence >= minEvidenceScore);

    private static BoundingBox? PlateOf(TriageObject principal, IReadOnlyList<PhotoPlateRead> reads) =>
        reads
            .Where(read => read.Vehicle is { } vehicle && vehicle.Box.IntersectionOverUnion(principal.Box) >= SameVehicleIou)
            .OrderByDescending(read => read.IsValid)
            .ThenByDescending(read => read.Confidence)
            .Select(read => (BoundingBox?)read.Box)
            .FirstOrDefault();

}
