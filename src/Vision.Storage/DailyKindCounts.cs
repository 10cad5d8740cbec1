using System.Globalization;
using Dapper;
using Vision.Domain.Violations;

namespace Vision.Storage;

/// <summary>
/// Violations per kind and local day over [From, To) by capture time, for the charts of kinds per day. Like
/// <see cref="StatisticsQuery"/>, the database groups by UTC hour and the local calendar is applied here.
/// </summary>
public sealed class DailyKindCounts(ViolationDatabase database, TimeZoneInfo timeZone)
{
    private const long MsPerHour = 3_600_000;

    /// <returns>Per kind that occurred, counts keyed by local date (yyyy-MM-dd).</returns>
    public async Task<IReadOnlyDictionary<ViolationKind, IReadOnlyDictionary<string, long>>> ComputeAsync(DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var groups = await connection.QueryAsync<(long HourBucket, string Kind, long Count)>(new CommandDefinition("""
            SELECT occurred_ms / 3600000 AS hour_bucket, kind, COUNT(*) AS count
            FROM violations WHERE occurred_ms >= @FromMs AND occurred_ms < @ToMs
            GROUP BY occurred_ms / 3600000, kind;
            """, new { FromMs = from.ToUnixTimeMilliseconds(), ToMs = to.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
        var result = new SortedDictionary<ViolationKind, SortedDictionary<string, long>>();
        foreach (var (hourBucket, kindName, count) in groups)
        {
            var day = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(hourBucket * MsPerHour), timeZone)
                .ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var kind = Enum.Parse<ViolationKind>(kindName);
            if (!result.TryGetValue(kind, out var days))
            {
                result[kind] = days = new SortedDictionary<string, long>(StringComparer.Ordinal);
            }

            days[day] = days.GetValueOrDefault(day) + count;
        }

        return result.ToDictionary(pair => pair.Key, pair => (IReadOnlyDictionary<string, long>)pair.Value);
    }
}
