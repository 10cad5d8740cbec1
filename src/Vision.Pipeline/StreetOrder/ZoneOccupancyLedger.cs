using Vision.Domain.StreetOrder;

namespace Vision.Pipeline.StreetOrder;

/// <summary>
/// Sums one sidewalk zone's occupancy per UTC hour of capture time for the statistics: each frame counts for the time
/// since the previous one (at most <see cref="MaxGap"/>, so a camera that was off adds no time), and the running hour
/// is reported every <see cref="ReportInterval"/> of capture time, when the hour ends and when the camera stops.
/// </summary>
public sealed class ZoneOccupancyLedger(string cameraId, string zoneName)
{
    public static readonly TimeSpan MaxGap = TimeSpan.FromMinutes(2);

    public static readonly TimeSpan ReportInterval = TimeSpan.FromMinutes(5);

    private DateTimeOffset? _last;
    private DateTimeOffset _hourStart;
    private DateTimeOffset _runStartedAt;
    private DateTimeOffset _lastReportAt;
    private double _observed;
    private double _shareSeconds;
    private double _vehicleSeconds;
    private double _peakShare;
    private int _peakVehicles;

    public void Observe(DateTimeOffset capturedAt, double share, int parkedVehicles, IZoneOccupancySink sink)
    {
        var hour = HourOf(capturedAt);
        if (_last is not { } last)
        {
            Open(hour, capturedAt);
            _last = capturedAt;
            return;
        }

        if (capturedAt < last)
        {
            if (last - capturedAt > MaxGap)
            {
                // The camera's clock was set back (local time sent as UTC, then corrected): what was measured is reported,
                // and the hours count on from the new time; ignored until the old time came round, they were lost.
                Flush(sink);
                Open(hour, capturedAt);
                _last = capturedAt;
            }

            return;
        }

        if (hour != _hourStart)
        {
            sink.Report(Snapshot());
            Open(hour, capturedAt);
        }

        var seconds = Math.Min((capturedAt - last).TotalSeconds, MaxGap.TotalSeconds);
        _last = capturedAt;
        _observed += seconds;
        _shareSeconds += share * seconds;
        _vehicleSeconds += parkedVehicles * seconds;
        _peakShare = Math.Max(_peakShare, share);
        _peakVehicles = Math.Max(_peakVehicles, parkedVehicles);
        if (capturedAt - _lastReportAt >= ReportInterval)
        {
            sink.Report(Snapshot());
            _lastReportAt = capturedAt;
        }
    }

    /// <summary>
    /// Reports the running hour as it stands (the camera stops, or its zones are rebuilt): the time observed since the
    /// last report would otherwise be lost, up to <see cref="ReportInterval"/> at every stop.
    /// </summary>
    public void Flush(IZoneOccupancySink sink)
    {
        if (_last is not null && _observed > 0)
        {
            sink.Report(Snapshot());
            _lastReportAt = _last.Value;
        }
    }

    private ZoneOccupancyHour Snapshot() =>
        new(cameraId, zoneName, _hourStart, _runStartedAt, _observed, _shareSeconds, _vehicleSeconds, _peakShare, _peakVehicles);

    private void Open(DateTimeOffset hour, DateTimeOffset capturedAt)
    {
        _hourStart = hour;
        _runStartedAt = capturedAt;
        _lastReportAt = capturedAt;
        _observed = 0;
        _shareSeconds = 0;
        _vehicleSeconds = 0;
        _peakShare = 0;
        _peakVehicles = 0;
    }

    private static DateTimeOffset HourOf(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }
}
