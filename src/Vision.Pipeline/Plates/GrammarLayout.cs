using Vision.Domain.Plates;

namespace Vision.Pipeline.Plates;

/// <summary>
/// The layout the grammar should assume for a plate. It tells an 8-character car plate from a motorbike one by
/// layout, but cars, buses and trucks also carry square two-line plates with car text (<c>30G</c> over
/// <c>705.16</c>): the vehicle's class decides when it is known; two-wheelers keep the plate's own layout; with no
/// vehicle known the layout is left to the reader (null).
/// </summary>
public static class GrammarLayout
{
    public static PlateLayout? For(string? vehicleClass, PlateLayout physicalLayout) => vehicleClass switch
    {
        null => null,
        "motorcycle" or "motorbike" or "bicycle" => physicalLayout, // "motorbike": Pascal VOC's spelling
        _ => PlateLayout.OneLine,
    };
}
