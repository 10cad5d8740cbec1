using System.Globalization;
using Dapper;
using Vision.Domain.StreetOrder;

namespace Vision.Storage;

/// <summary>
/// Sidewalk occupancy per camera, zone and UTC hour (table <c>zone_occupancy</c>): written as the cameras report it
/// (a report replaces the earlier one of the same camera run, so replays and repeated reports are idempotent), and read
/// as a day-of-week × hour-of-day profile in local time for the statistics.
/// </summary>
public sealed class ZoneOccupancyStore(ViolationDatabase database)
{
    private const long MsPerHour = 3_600_000;

    public async Task WriteAsync(IReadOnlyCollection<ZoneOccupancyHour> hours, CancellationToken cancellationToken)
    {
        if (hours.Count == 0)
        {
            return;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var hour in hours)
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO zone_occupancy (camera_id, zone_name, hour_ms, run_started_ms, observed_seconds, share_seconds, parked_vehicle_seconds, peak_share, peak_parked_vehicles)
                VALUES (@CameraId, @ZoneName, @HourMs, @RunStartedMs, @Observed, @Share, @Vehicles, @PeakShare, @PeakVehicles)
                ON CONFLICT (camera_id, zone_name, hour_ms, run_started_ms) DO UPDATE SET
                    observed_seconds = excluded.observed_seconds, share_seconds = excluded.share_seconds,
                    parked_vehicle_seconds = excluded.parked_vehicle_seconds, peak_share = excluded.peak_share,
                    peak_parked_vehicles = excluded.peak_parked_vehicles;
                """,
                new
                {
                    hour.CameraId,
                    hour.ZoneName,
                    HourMs = hour.HourStart.ToUnixTimeMilliseconds(),
                    RunStartedMs = hour.RunStartedAt.ToUnixTimeMilliseconds(),
                    Observed = hour.ObservedSeconds,
                    Share = hour.OccupiedShareSeconds,
                    Vehicles = hour.ParkedVehicleSeconds,
                    hour.PeakShare,
                    PeakVehicles = (long)hour.PeakParkedVehicles,
                },
                transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Each zone's occupancy over the UTC hours starting in [from, to), by local day of week and hour of day (cells with
    /// observations only). The database groups by zone and hour of the local week, so at most 168 rows a zone are read
    /// whatever the period (a year of 400 zones was 3.5 million rows, one per zone and hour).
    /// </summary>
    /// <param name="timeZone">A zone whose offset is one whole number of hours over the period (Asia/Ho_Chi_Minh: UTC+7 since 1975).</param>
    public async Task<IReadOnlyList<ZoneOccupancyCell>> ProfileAsync(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo timeZone, CancellationToken cancellationToken)
    {
        // The offset at the period's start for all of it: Asia/Ho_Chi_Minh has kept UTC+7 since 1975.
        var offset = timeZone.GetUtcOffset(from);

        await using var connection = await database.OpenAsync(cancellationToken);
        // Hour 0 of the week is Thursday 00:00 local: 1 January 1970 was a Thursday.
        var rows = await connection.QueryAsync<Row>(new CommandDefinition("""
            SELECT camera_id AS CameraId, zone_name AS ZoneName, ((hour_ms + @OffsetMs) / 3600000) % 168 AS WeekHour,
                   SUM(observed_seconds) AS Observed, SUM(share_seconds) AS Share, SUM(parked_vehicle_seconds) AS Vehicles,
                   MAX(peak_share) AS PeakShare, MAX(peak_parked_vehicles) AS PeakVehicles, COUNT(DISTINCT hour_ms) AS Hours
            FROM zone_occupancy WHERE hour_ms >= @FromMs AND hour_ms < @ToMs
            GROUP BY camera_id, zone_name, ((hour_ms + @OffsetMs) / 3600000) % 168;
            """, new { FromMs = from.ToUnixTimeMilliseconds(), ToMs = to.ToUnixTimeMilliseconds(), OffsetMs = (long)offset.TotalMilliseconds },
            cancellationToken: cancellationToken));

        return [.. rows
            .Select(row => new ZoneOccupancyCell(row.CameraId, row.ZoneName, (int)((row.WeekHour / 24 + 3) % 7) + 1, (int)(row.WeekHour % 24), row.Observed,
                row.Observed > 0 ? row.Share / row.Observed : 0, row.Observed > 0 ? row.Vehicles / row.Observed : 0,
                row.PeakShare, (int)row.PeakVehicles, (int)row.Hours))
            .OrderBy(cell => cell.CameraId, StringComparer.Ordinal).ThenBy(cell => cell.ZoneName, StringComparer.Ordinal)
            .ThenBy(cell => cell.DayOfWeek).ThenBy(cell => cell.Hour)];
    }

    /// <summary>1 = Monday … 7 = Sunday (ISO 8601).</summary>
    public static int IsoDayOfWeek(DayOfWeek day) => day == DayOfWeek.Sunday ? 7 : (int)day;

    public static string DayName(int isoDayOfWeek) =>
        CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedDayName((DayOfWeek)(isoDayOfWeek % 7));

    private sealed class Row
    {
        public string CameraId { get; set; } = "";
        public string ZoneName { get; set; } = "";
        public long WeekHour { get; set; }
        public double Observed { get; set; }
        public double Share { get; set; }
        public double Vehicles { get; set; }
        public double PeakShare { get; set; }
        public long PeakVehicles { get; set; }

        public long Hours { get; set; }
    }
}
