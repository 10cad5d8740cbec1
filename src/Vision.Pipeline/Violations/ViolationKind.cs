namespace Vision.Pipeline.Violations;

/// <summary>The traffic violations Vision recognises; each has its own rule and legal reference per vehicle type.</summary>
public enum ViolationKind
{
    RedLight,
    WrongWay,
    IllegalParking,
    IllegalStopping,
    Sidewalk,
    Speeding,
    SolidLineCrossing,
    LaneNotAllowed,
    MotorbikeOverloaded,
    AnimalOnRoad,
    NoHelmet,
}
