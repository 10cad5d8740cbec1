namespace Vision.Storage;

/// <summary>
/// One cell of a sidewalk zone's weekly occupancy profile: a local day of week (1 = Monday … 7 = Sunday) and hour of
/// day, over every such hour in the range: how long it was watched, the time-weighted mean share of the zone covered
/// by stationary goods and mean number of parked vehicles, the peaks, and how many distinct hours contributed.
/// </summary>
public sealed record ZoneOccupancyCell(
    string CameraId,
    string ZoneName,
    int DayOfWeek,
    int Hour,
    double ObservedSeconds,
    double MeanOccupiedShare,
    double MeanParkedVehicles,
    double PeakOccupiedShare,
    int PeakParkedVehicles,
    int Hours);
