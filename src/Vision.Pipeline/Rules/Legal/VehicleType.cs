using System.Text.Json.Serialization;

namespace Vision.Pipeline.Rules.Legal;

/// <summary>The vehicle groups Decree 168/2024 sets fines for: cars (Art. 6), motorbikes and mopeds (Art. 7), bicycles and other rudimentary vehicles (Art. 9), and the rest.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<VehicleType>))]
public enum VehicleType
{
    Car,
    Motorbike,
    Bicycle,
    Other,
}

public static class VehicleTypes
{
    /// <summary>The vehicle type of a detector class name (car, bus and truck are Art. 6 vehicles).</summary>
    public static VehicleType Of(string className) => className.ToLowerInvariant() switch
    {
        "car" or "bus" or "truck" => VehicleType.Car,
        "motorcycle" or "motorbike" => VehicleType.Motorbike,
        "bicycle" => VehicleType.Bicycle,
        _ => VehicleType.Other,
    };
}
