using System.Globalization;
using Dapper;
using Vision.Domain.Violations;

namespace Vision.Storage;

/// <summary>
/// Computes <see cref="ViolationStatistics"/>: the database counts by UTC hour, by kind and status, and by camera (rows
/// read grow with the period's hours plus the cameras, not their product), and the local calendar (any zone with whole-hour offsets, e.g. Asia/Ho_Chi_Minh) is applied here. Review turnaround
/// (mean and median) is aggregated by the engine (<see cref="SqlDialect.Median"/>), never loaded value by value.
/// </summary>
public sealed class StatisticsQuery(ViolationDatabase database, TimeZoneInfo timeZone)
{
    private const long MsPerHour = 3_600_000;
    private const string Turnaround = "decided_ms - recorded_ms";
    private const string DecidedInRange = "FROM violations WHERE occurred_ms >= @FromMs AND occurred_ms < @ToMs AND decided_ms IS NOT NULL";

    public async Task<ViolationStatistics> ComputeAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var range = new { FromMs = from.ToUnixTimeMilliseconds(), ToMs = to.ToUnixTimeMilliseconds() };
        await using var connection = await database.OpenAsync(cancellationToken);
        // Grouped one dimension at a time: rows read grow with the hours of the period and the cameras, never with their
        // product (a year over 200 cameras grouped by hour, kind, camera and status was millions of rows per view).
        var hours = (await connection.QueryAsync<(long HourBucket, long Count)>(new CommandDefinition("""
            SELECT occurred_ms / 3600000 AS hour_bucket, COUNT(*) AS count
            FROM violations WHERE occurred_ms >= @FromMs AND occurred_ms < @ToMs GROUP BY occurred_ms / 3600000;
            """, range, cancellationToken: cancellationToken))).ToList();
        var kinds = (await connection.QueryAsync<(string Kind, string Status, long Count)>(new CommandDefinition("""
            SELECT kind, status, COUNT(*) AS count
            FROM violations WHERE occurred_ms >= @FromMs AND occurred_ms < @ToMs GROUP BY kind, status;
            """, range, cancellationToken: cancellationToken))).ToList();
        var cameras = (await connection.QueryAsync<(string CameraId, long Count)>(new CommandDefinition("""
            SELECT camera_id, COUNT(*) AS count
            FROM violations WHERE occurred_ms >= @FromMs AND occurred_ms < @ToMs GROUP BY camera_id;
            """, range, cancellationToken: cancellationToken))).ToList();
        // Turnarounds are aggregated where they are: a year of decisions never loads into the service.
        var meanTurnaroundMs = await connection.ExecuteScalarAsync<double?>(new CommandDefinition(
            $"SELECT CAST(AVG({Turnaround}) AS DOUBLE PRECISION) {DecidedInRange};", range, cancellationToken: cancellationToken));
        var medianTurnaroundMs = await connection.ExecuteScalarAsync<double?>(new CommandDefinition(
            database.Dialect.Median(Turnaround, DecidedInRange), range, cancellationToken: cancellationToken));
        var backlog = (await connection.QueryAsync<(string Status, long Retrying, long Count)>(new CommandDefinition("""
            SELECT status, CASE WHEN attempts > 0 THEN 1 ELSE 0 END AS retrying, COUNT(*) AS count
            FROM deliveries GROUP BY status, CASE WHEN attempts > 0 THEN 1 ELSE 0 END;
            """, cancellationToken: cancellationToken))).ToList();

        var byKind = new SortedDictionary<ViolationKind, long>();
        var byCamera = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var byDay = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var byHour = new long[24];
        var byStatus = Enum.GetValues<ReviewStatus>().ToDictionary(s => s, _ => 0L);
        foreach (var (hourBucket, count) in hours)
        {
            var local = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(hourBucket * MsPerHour), timeZone);
            var day = local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            byDay[day] = byDay.GetValueOrDefault(day) + count;
            byHour[local.Hour] += count;
        }

        foreach (var (kindName, status, count) in kinds)
        {
            var kind = Enum.Parse<ViolationKind>(kindName);
            byKind[kind] = byKind.GetValueOrDefault(kind) + count;
            byStatus[Enum.Parse<ReviewStatus>(status)] += count;
        }

        foreach (var (cameraId, count) in cameras)
        {
            byCamera[cameraId] = count;
        }

        var confirmed = byStatus[ReviewStatus.Confirmed] + byStatus[ReviewStatus.Corrected];
        var decided = confirmed + byStatus[ReviewStatus.Rejected];
        long BacklogOf(DeliveryStatus status, long? retrying = null) =>
            backlog.Where(b => b.Status == status.ToString() && (retrying is null || b.Retrying == retrying)).Sum(b => b.Count);
        var zoneOccupancy = await new ZoneOccupancyStore(database).ProfileAsync(from, to, timeZone, cancellationToken);
        return new ViolationStatistics(
            from, to, timeZone.Id, hours.Sum(h => h.Count), byKind, byCamera, byDay, byHour, byStatus,
            decided == 0 ? null : (double)confirmed / decided,
            medianTurnaroundMs is { } median ? TimeSpan.FromMilliseconds(median) : null,
            meanTurnaroundMs is { } mean ? TimeSpan.FromMilliseconds(mean) : null,
            new DeliveryBacklog(BacklogOf(DeliveryStatus.Pending, 0), BacklogOf(DeliveryStatus.Pending, 1),
                BacklogOf(DeliveryStatus.DeadLettered), BacklogOf(DeliveryStatus.Sent)))
        {
            ZoneOccupancy = zoneOccupancy,
        };
    }

    /// <summary>Asia/Ho_Chi_Minh from the system's time-zone database, or the fixed UTC+7 it has kept since 1975 when none is installed.</summary>
    public static TimeZoneInfo VietnamTime() =>
        TimeZoneInfo.TryFindSystemTimeZoneById("Asia/Ho_Chi_Minh", out var zone)
            ? zone
            : TimeZoneInfo.CreateCustomTimeZone("Asia/Ho_Chi_Minh", TimeSpan.FromHours(7), "Indochina Time", "ICT");
}
