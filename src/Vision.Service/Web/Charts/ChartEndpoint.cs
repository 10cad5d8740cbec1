using System.Globalization;
using Vision.Service.Web.Localization;
using Vision.Storage;

namespace Vision.Service.Web.Charts;

/// <summary><c>GET /charts/{name}.png?from=yyyy-MM-dd&amp;to=yyyy-MM-dd</c>: one dashboard chart over whole local days.</summary>
public static class ChartEndpoint
{
    public static async Task<IResult> RenderAsync(string name, string? from, string? to, StatisticsQuery statistics, DailyKindCounts daily,
        WebText text, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!DashboardCharts.Exists(name))
        {
            return Results.NotFound();
        }

        if (ParsePeriod(from, to, time) is not { } period)
        {
            return Results.BadRequest(text["The range is reversed or longer than a year."]);
        }

        var figures = await DashboardFigures.ComputeAsync(statistics, daily, period, cancellationToken);
        return Results.File(DashboardCharts.RenderPng(name, figures, text), "image/png");
    }

    /// <summary>The dashboard's range: the given days, or the last 30 days up to today when none is given; null when invalid.</summary>
    public static ReportPeriod? ParsePeriod(string? from, string? to, TimeProvider time)
    {
        var today = ReportPeriod.Today(time);
        var last = ParseDay(to) ?? today;
        var first = ParseDay(from) ?? last.AddDays(-29);
        return ReportPeriod.Between(first, last);
    }

    /// <summary>A day given as yyyy-MM-dd, or null when there is none, it is malformed or out of reach (<see cref="ReportPeriod.IsWithinReach"/>).</summary>
    public static DateOnly? ParseDay(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && ReportPeriod.IsWithinReach(day) ? day : null;
}
