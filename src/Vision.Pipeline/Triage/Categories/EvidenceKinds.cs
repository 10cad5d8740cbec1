using Vision.Pipeline.ObjectDetection;

namespace Vision.Pipeline.Triage.Categories;

/// <summary>
/// How the COCO classes the detector knows count as evidence. Vehicles: bicycle, car, motorcycle, bus, truck.
/// Animals: livestock that wanders onto roads (horse, sheep, cow; elephant, bear, zebra, giraffe, which a water
/// buffalo is sometimes taken for); birds, dogs and cats are not counted: they are everywhere, and a pet is no loose cattle. Obstructions: what vendors and cafés put on a
/// sidewalk, as COCO can see it: an umbrella (a stall's parasol), a dining table and chairs (a street café or food
/// stall), a bench, a potted plant, a couch; COCO has no class for a stall itself, goods, signboards or rubble.
/// </summary>
public static class EvidenceKinds
{
    private static readonly Dictionary<string, TriageObjectKind> KindsByClass = new(StringComparer.OrdinalIgnoreCase)
    {
        ["bicycle"] = TriageObjectKind.Vehicle,
        ["car"] = TriageObjectKind.Vehicle,
        ["motorcycle"] = TriageObjectKind.Vehicle,
        ["bus"] = TriageObjectKind.Vehicle,
        ["truck"] = TriageObjectKind.Vehicle,
        ["person"] = TriageObjectKind.Person,
        ["horse"] = TriageObjectKind.Animal,
        ["sheep"] = TriageObjectKind.Animal,
        ["cow"] = TriageObjectKind.Animal,
        ["elephant"] = TriageObjectKind.Animal,
        ["bear"] = TriageObjectKind.Animal,
        ["zebra"] = TriageObjectKind.Animal,
        ["giraffe"] = TriageObjectKind.Animal,
        ["umbrella"] = TriageObjectKind.Obstruction,
        ["dining table"] = TriageObjectKind.Obstruction,
        ["chair"] = TriageObjectKind.Obstruction,
        ["bench"] = TriageObjectKind.Obstruction,
        ["potted plant"] = TriageObjectKind.Obstruction,
        ["couch"] = TriageObjectKind.Obstruction,
        ["traffic light"] = TriageObjectKind.TrafficLight,
    };

    public static TriageObjectKind Of(string className) =>
        KindsByClass.TryGetValue(className, out var kind) ? kind : TriageObjectKind.Other;

    /// <summary>The classes counted as <paramref name="kind"/> by this model's class list.</summary>
    public static IEnumerable<string> ClassesOf(TriageObjectKind kind, ObjectClasses classes) =>
        classes.Names.Where(name => Of(name) == kind);
}
