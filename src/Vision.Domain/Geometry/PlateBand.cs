namespace Vision.Domain.Geometry;

/// <summary>
/// Where a vehicle's plate can be in its box when no plate was found in it: below the top third. Seen from behind, a
/// car's plate sits half-way down its box and a motorbike's two-line plate lower; from the front, near the bottom. A
/// lower third alone left a car's rear plate readable. Obscured in published copies of vehicles nobody is reported for.
/// </summary>
public static class PlateBand
{
    public static BoundingBox Of(BoundingBox vehicle) => vehicle with { Top = vehicle.Top + vehicle.Height / 3 };
}
