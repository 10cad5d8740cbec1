using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Rules.Legal;

namespace Vision.Pipeline.Rules;

/// <summary>The detector's classes as the rules see them: vehicle or not, vehicle type, animal, person (precomputed per class id).</summary>
public sealed class RuleClasses
{
    private readonly VehicleType?[] _vehicleTypes;
    private readonly bool[] _animals;

    public RuleClasses(ObjectClasses classes, IEnumerable<string> animalClasses)
    {
        Names = classes;
        _vehicleTypes = classes.Names.Select(n => Tracking.ClassFamilies.Of(n) == Tracking.ClassFamily.Vehicle && n != "train" ? VehicleTypes.Of(n) : (VehicleType?)null).ToArray();
        var animals = animalClasses.ToHashSet(StringComparer.OrdinalIgnoreCase);
        _animals = classes.Names.Select(animals.Contains).ToArray();
        PersonClassId = classes.TryGetId("person", out var person) ? person : -1;
        MotorbikeClassId = classes.TryGetId("motorcycle", out var motorbike) || classes.TryGetId("motorbike", out motorbike) ? motorbike : -1;
        TrafficLightClassId = classes.TryGetId("traffic light", out var light) ? light : -1;
    }

    public ObjectClasses Names { get; }

    public int PersonClassId { get; }

    public int MotorbikeClassId { get; }

    public int TrafficLightClassId { get; }

    public bool IsVehicle(int classId) => _vehicleTypes[classId] is not null;

    public bool IsAnimal(int classId) => _animals[classId];

    public VehicleType VehicleTypeOf(int classId) => _vehicleTypes[classId] ?? VehicleType.Other;

    public string NameOf(int classId) => Names.NameOf(classId);
}
