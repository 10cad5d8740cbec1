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

    /// <summary>Each zone's occupancy over the UTC hours starting in [from, to), by local day of week and hour of day (cells with observations only).</summary>
    public async Task<IReadOnlyList<ZoneOccupancyCell>> ProfileAsync(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo timeZone, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition("""
            SELECT camera_id AS CameraId, zone_name AS ZoneName, hour_ms AS HourMs, SUM(observed_seconds) AS Observed, SUM(share_seconds) AS Share,
                   SUM(parked_vehicle_seconds) AS Vehicles, MAX(peak_share) AS PeakShare, MAX(peak_parked_vehicles) AS PeakVehicles
            FROM zone_occupancy WHERE hour_ms >= @FromMs AND hour_ms < @ToMs
            GROUP BY camera_id, zone_name, hour_ms;
            """, new { FromMs = from.ToUnixTimeMilliseconds(), ToMs = to.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));

        var cells = new SortedDictionary<(string, string, int, int), Accumulator>();
        foreach (var row in rows)
        {
            // Whole-hour offsets (Asia/Ho_Chi_Minh): a UTC hour is one local hour.
            var local = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(row.HourMs), timeZone);
            var key = (row.CameraId, row.ZoneName, IsoDayOfWeek(local.DayOfWeek), local.Hour);
            if (!cells.TryGetValue(key, out var cell))
            {
                cells[key] = cell = new Accumulator();
            }

            cell.Add(row);
        }

        return [.. cells.Select(c => new ZoneOccupancyCell(c.Key.Item1, c.Key.Item2, c.Key.Item3, c.Key.Item4, c.Value.Observed,
            c.Value.Observed > 0 ? c.Value.Share / c.Value.Observed : 0, c.Value.Observed > 0 ? c.Value.Vehicles / c.Value.Observed : 0,
            c.Value.PeakShare, c.Value.PeakVehicles, c.Value.Hours))];
    }

    /// <summary>1 = Monday … 7 = Sunday (ISO 8601).</summary>
    public static int IsoDayOfWeek(DayOfWeek day) => day == DayOfWeek.Sunday ? 7 : (int)day;

    public static string DayName(int isoDayOfWeek) =>
        CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedDayName((DayOfWeek)(isoDayOfWeek % 7));

    private sealed class Accumulator
    {
        public double Observed;
        public double Share;
        public double Vehicles;
        public double PeakShare;
        public int PeakVehicles;
        public int Hours;

        public void Add(Row row)
        {
            Observed += row.Observed;
            Share += row.Share;
            Vehicles += row.Vehicles;
            PeakShare = Math.Max(PeakShare, row.PeakShare);
            PeakVehicles = Math.Max(PeakVehicles, (int)row.PeakVehicles);
            Hours++;
        }
    }

    private sealed class Row
    {
        public string CameraId { get; set; } = "";
        public string ZoneName { get; set; } = "";
        public long HourMs { get; set; }
        public double Observed { get; set; }
        public double Share { get; set; }
        public double Vehicles { get; set; }
        public double PeakShare { get; set; }
        public long PeakVehicles { get; set; }
    }
}
