namespace Vision.Pipeline.Triage.Categories;

/// <summary>
/// The citizen report categories triage knows, with the evidence each needs, and the aliases the report app uses.
/// The detector sees objects, not places: it cannot tell a sidewalk from a road or a parked vehicle from one
/// waiting at a light, so the vehicle categories are supported by a vehicle being there and the official judges the rest.
/// </summary>
public static class ReportCategories
{
    public const string VehicleOnSidewalk = "vehicle_on_sidewalk";
    public const string IllegalParking = "illegal_parking";
    public const string TrafficViolation = "traffic_violation";
    public const string AnimalsOnRoad = "animals_on_road";
    public const string SidewalkObstruction = "sidewalk_obstruction";
    public const string DamagedInfrastructure = "damaged_infrastructure";
    public const string Other = "other";

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["loose_cattle"] = AnimalsOnRoad,
        ["sidewalk_vendor"] = SidewalkObstruction,
        ["obstruction"] = SidewalkObstruction,
    };

    public static IReadOnlyList<CategoryRequirement> All { get; } =
    [
        new(TrafficViolation, [TriageObjectKind.Vehicle], "a vehicle", null),
        new(IllegalParking, [TriageObjectKind.Vehicle], "a vehicle", null),
        new(VehicleOnSidewalk, [TriageObjectKind.Vehicle], "a vehicle", null),
        new(AnimalsOnRoad, [TriageObjectKind.Animal], "livestock (cattle, a horse, sheep or goats)", null),
        new(SidewalkObstruction, [TriageObjectKind.Obstruction], "a stall umbrella, table, chairs, bench or plant pot", null),
        new(DamagedInfrastructure, [], "damage to the road, lights or signs",
            "the models detect road users and objects, not potholes, broken lights or damaged signs"),
        new(Other, [], "anything", "the category names no evidence the models could look for"),
    ];

    /// <summary>The requirement of a category or one of its aliases; null when the category is unknown.</summary>
    public static CategoryRequirement? Find(string category)
    {
        var name = Aliases.TryGetValue(category.Trim(), out var canonical) ? canonical : category.Trim();
        return All.FirstOrDefault(requirement => string.Equals(requirement.Category, name, StringComparison.OrdinalIgnoreCase));
    }
}
