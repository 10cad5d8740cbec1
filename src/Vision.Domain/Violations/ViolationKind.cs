namespace Vision.Domain.Violations;

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

    /// <summary>Goods, tables, chairs or parasols of a stall or shop covering a sidewalk zone beyond its share for too long (a slow case).</summary>
    SidewalkEncroachment,

    /// <summary>More parked motorbikes or cars than allowed on a sidewalk or no-parking zone for too long: a parking lot run there (a slow case).</summary>
    SidewalkParkingLot,

    /// <summary>Animals seen together on the road: one case for the herd, with its duration (a slow case).</summary>
    LooseCattle,
}
