using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Scenes;

namespace Vision.Pipeline.StreetOrder;

/// <summary>The detector's classes as the street-order watches see them: goods, parked vehicles, animals (per class id).</summary>
public sealed class StreetOrderClasses
{
    private readonly bool[] _goods;
    private readonly bool[] _parkable;
    private readonly bool[] _animals;

    public StreetOrderClasses(ObjectClasses classes, SceneRuleSettings rules)
    {
        Names = classes;
        _goods = Mask(classes, rules.GoodsClasses);
        _parkable = Mask(classes, rules.ParkingLotClasses);
        _animals = Mask(classes, rules.AnimalClasses);
    }

    public ObjectClasses Names { get; }

    public bool IsGoods(int classId) => (uint)classId < (uint)_goods.Length && _goods[classId];

    public bool IsParkable(int classId) => (uint)classId < (uint)_parkable.Length && _parkable[classId];

    public bool IsAnimal(int classId) => (uint)classId < (uint)_animals.Length && _animals[classId];

    private static bool[] Mask(ObjectClasses classes, IEnumerable<string> names)
    {
        var set = names.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return classes.Names.Select(set.Contains).ToArray();
    }
}
