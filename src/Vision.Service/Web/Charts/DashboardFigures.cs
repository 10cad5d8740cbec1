using System.Globalization;
using Vision.Domain.Violations;
using Vision.Storage;

namespace Vision.Service.Web.Charts;

/// <summary>Everything the dashboard and the periodic report show for one range: the statistics and the counts per kind and local day.</summary>
/// <param name="Days">Every local day of the range (yyyy-MM-dd), including days without violations.</param>
public sealed record DashboardFigures(
    ViolationStatistics Statistics,
    IReadOnlyDictionary<ViolationKind, IReadOnlyDictionary<string, long>> ByKindAndDay,
    IReadOnlyList<string> Days)
{
    public static async Task<DashboardFigures> ComputeAsync(StatisticsQuery statistics, DailyKindCounts daily, ReportPeriod period,
        CancellationToken cancellationToken)
    {
        var figures = await statistics.ComputeAsync(period.From, period.To, cancellationToken);
        var byKindAndDay = await daily.ComputeAsync(period.From, period.To, cancellationToken);
        var days = new List<string>();
        for (var day = period.FirstDay; day <= period.LastDay; day = day.AddDays(1))
        {
            days.Add(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        return new DashboardFigures(figures, byKindAndDay, days);
    }
}
