using Vision.Domain.Violations;


namespace Vision.Pipeline.Rules.Legal;

/// <summary>
/// What the rules can raise, for checking that the legal table has a provision for every violation: the vehicle rules
/// judge every vehicle type, speeding only motor vehicles (Decree 168 sets no speed fines for bicycles), overloading
/// only motorbikes, animals on the road are <see cref="VehicleType.Other"/>. Speeding is raised from
/// <see cref="SpeedingRule.MinimumFineableExcessKmh"/> over the limit beyond the tolerance.
/// </summary>
public static class LegalCoverage
{
    private static readonly ViolationKind[] VehicleKinds =
    [
        ViolationKind.RedLight, ViolationKind.WrongWay, ViolationKind.IllegalParking, ViolationKind.IllegalStopping,
        ViolationKind.Sidewalk, ViolationKind.SolidLineCrossing, ViolationKind.LaneNotAllowed,
    ];

    private const int MaximumPeopleCounted = 7;

    /// <summary>Whether speeding is judged for this vehicle type.</summary>
    public static bool HasSpeedLimit(VehicleType type) => type is VehicleType.Car or VehicleType.Motorbike;

    /// <summary>Every (kind, vehicle type) the rules can raise for these classes.</summary>
    public static IEnumerable<(ViolationKind Kind, VehicleType VehicleType)> Raisable(RuleClasses classes)
    {
        ArgumentNullException.ThrowIfNull(classes);
        var types = Enumerable.Range(0, classes.Names.Count).Where(classes.IsVehicle).Select(classes.VehicleTypeOf).Distinct().Order().ToArray();
        foreach (var kind in VehicleKinds)
        {
            foreach (var type in types)
            {
                yield return (kind, type);
            }
        }

        foreach (var type in types.Where(HasSpeedLimit))
        {
            yield return (ViolationKind.Speeding, type);
        }

        if (classes.MotorbikeClassId >= 0)
        {
            yield return (ViolationKind.MotorbikeOverloaded, VehicleType.Motorbike);
            yield return (ViolationKind.NoHelmet, VehicleType.Motorbike);
        }

        yield return (ViolationKind.AnimalOnRoad, VehicleType.Other);
    }

    /// <summary>
    /// The violations the rules can raise that <paramref name="table"/> has no provision for, one line each (speeding
    /// checked at every half km/h of proven excess from the lowest fineable one up to <paramref name="maxExcessKmh"/>).
    /// </summary>
    public static IReadOnlyList<string> Missing(LegalTable table, RuleClasses classes, double maxExcessKmh = 150)
    {
        ArgumentNullException.ThrowIfNull(table);
        var missing = new List<string>();
        foreach (var (kind, type) in Raisable(classes))
        {
            if (kind == ViolationKind.MotorbikeOverloaded)
            {
                // The rule raises it from three people on the motorbike.
                for (var people = 3; people <= MaximumPeopleCounted; people++)
                {
                    if (table.Find(kind, type, people: people) is null)
                    {
                        missing.Add($"{kind} by {type} with {people} people on it");
                    }
                }

                continue;
            }

            if (kind != ViolationKind.Speeding)
            {
                if (table.Find(kind, type) is null)
                {
                    missing.Add($"{kind} by {type}");
                }

                continue;
            }

            for (var excess = SpeedingRule.MinimumFineableExcessKmh; excess <= maxExcessKmh; excess += 0.5)
            {
                if (table.Find(kind, type, excess) is null)
                {
                    missing.Add($"{kind} by {type} at {excess} km/h over the limit");
                }
            }
        }

        return missing;
    }
}
