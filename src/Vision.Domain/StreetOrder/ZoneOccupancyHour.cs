namespace Vision.Domain.StreetOrder;

/// <summary>
/// How occupied one sidewalk zone of one camera was during one UTC hour, as far as one run of the camera saw it:
/// the seconds observed, the integral of the occupied share and of the parked vehicles over them, and the peaks.
/// Cumulative for (camera, zone, hour, run): a later report of the same key replaces an earlier one, so replaying a
/// recording gives the same figures, and a restart within the hour adds a second run instead of overwriting the first.
/// </summary>
/// <param name="RunStartedAt">Capture time of the first frame this run saw in the hour (identifies the run).</param>
public sealed record ZoneOccupancyHour(
    string CameraId,
    string ZoneName,
    DateTimeOffset HourStart,
    DateTimeOffset RunStartedAt,
    double ObservedSeconds,
    double OccupiedShareSeconds,
    double ParkedVehicleSeconds,
    double PeakShare,
    int PeakParkedVehicles);
