namespace Vision.Pipeline.Plates;

/// <summary>
/// Vehicle classes that carry no registration plate (a bicycle, in Vietnam as almost everywhere). A plate found in such a
/// vehicle's box is a neighbour's: read for it, a cyclist's red light named the motorbike beside it.
/// </summary>
public static class UnplatedVehicles
{
    public static bool Contains(string className) => className == "bicycle";
}
