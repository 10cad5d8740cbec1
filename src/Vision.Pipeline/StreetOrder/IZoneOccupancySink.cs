using Vision.Domain.StreetOrder;

namespace Vision.Pipeline.StreetOrder;

/// <summary>Where the street-order stage reports sidewalk occupancy per hour (the statistics store). Inline on the camera loop: must not block.</summary>
public interface IZoneOccupancySink
{
    void Report(ZoneOccupancyHour hour);
}
