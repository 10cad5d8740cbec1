using System.Globalization;
using System.Text;
using Vision.Pipeline.Cameras;
using Vision.Service.Web.Charts;
using Vision.Service.Web.Localization;
using Vision.Storage;

namespace Vision.Service.Web.Reports;

/// <summary>
/// <c>GET /reports/{week|month}.{pdf|csv}?day=yyyy-MM-dd</c>: the week (Monday–Sunday) or month holding that local day
/// (today when absent), as a PDF for officials or CSV for spreadsheets.
/// </summary>
public static class PeriodicReportEndpoint
{
    /// <summary>What an invalid day is told (a key of <see cref="WebText"/>).</summary>
    public const string InvalidDay = "The day is not a date (yyyy-MM-dd) from 2000 to 2199.";

    public static async Task<IResult> DownloadAsync(string period, string format, string? day, StatisticsQuery statistics, DailyKindCounts daily,
        CameraRegistry cameras, WebText text, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!ChartEndpoint.TryParseDay(day, out var given))
        {
            // Refused, not replaced by today: the download would be another period's report under the asked day's name.
            return ChartEndpoint.Refusal(text[InvalidDay]);
        }

        var anchor = given ?? ReportPeriod.Today(time);
        var range = period switch
        {
            ReportPeriod.Week => ReportPeriod.WeekOf(anchor),
            ReportPeriod.Month => ReportPeriod.MonthOf(anchor),
            _ => null,
        };
        if (range is null || format is not ("pdf" or "csv"))
        {
            return Results.NotFound();
        }

        var figures = await DashboardFigures.ComputeAsync(statistics, daily, range, cancellationToken);
        if (format == "csv")
        {
            return Results.File(StatisticsCsv.Encode(Csv(figures)), "text/csv; charset=utf-8", range.FileStem + ".csv");
        }

        var names = cameras.All.ToDictionary(camera => camera.Id, camera => camera.Name, StringComparer.Ordinal);
        return Results.File(PeriodicReportPdf.Render(figures, range, text, time.GetUtcNow(), names), "application/pdf", range.FileStem + ".pdf");
    }

    /// <summary>The store's statistics CSV followed by one <c>kind_day</c> row per kind and local day.</summary>
    public static string Csv(DashboardFigures figures)
    {
        var csv = new StringBuilder(StatisticsCsv.Write(figures.Statistics));
        foreach (var (kind, days) in figures.ByKindAndDay)
        {
            foreach (var (day, count) in days)
            {
                csv.Append(CultureInfo.InvariantCulture, $"kind_day,{kind} {day},{count}\n");
            }
        }

        return csv.ToString();
    }
}
