using System.Collections.Frozen;

namespace Vision.Pipeline.Tracking;

/// <summary>Maps detector class names to the <see cref="ClassFamily"/> a tracker associates within.</summary>
public static class ClassFamilies
{
    private static readonly FrozenDictionary<string, ClassFamily> FamilyByName = new Dictionary<string, ClassFamily>
    {
        ["car"] = ClassFamily.Vehicle,
        ["motorcycle"] = ClassFamily.Vehicle,
        ["motorbike"] = ClassFamily.Vehicle, // Pascal VOC spelling
        ["bus"] = ClassFamily.Vehicle,
        ["truck"] = ClassFamily.Vehicle,
        ["bicycle"] = ClassFamily.Vehicle,
        ["train"] = ClassFamily.Vehicle,
        ["person"] = ClassFamily.Person,
        ["bird"] = ClassFamily.Animal,
        ["cat"] = ClassFamily.Animal,
        ["dog"] = ClassFamily.Animal,
        ["horse"] = ClassFamily.Animal,
        ["sheep"] = ClassFamily.Animal,
        ["cow"] = ClassFamily.Animal,
        ["elephant"] = ClassFamily.Animal,
        ["bear"] = ClassFamily.Animal,
        ["zebra"] = ClassFamily.Animal,
        ["giraffe"] = ClassFamily.Animal,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The family of a class name (case-insensitive); names not listed are <see cref="ClassFamily.Other"/>.</summary>
    public static ClassFamily Of(string className)
    {
        ArgumentNullException.ThrowIfNull(className);
        return FamilyByName.GetValueOrDefault(className, ClassFamily.Other);
    }

    /// <summary>The family of every class id of <paramref name="classes"/>, indexed by class id.</summary>
    public static ClassFamily[] Of(ObjectDetection.ObjectClasses classes)
    {
        ArgumentNullException.ThrowIfNull(classes);
        var families = new ClassFamily[classes.Count];
        for (var id = 0; id < families.Length; id++)
        {
            families[id] = Of(classes.NameOf(id));
        }

        return families;
    }
}
