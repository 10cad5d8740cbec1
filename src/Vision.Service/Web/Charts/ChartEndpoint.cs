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
            return Refusal(text[InvalidRange]);
        }

        var figures = await DashboardFigures.ComputeAsync(statistics, daily, period, cancellationToken);
        return Results.File(DashboardCharts.RenderPng(name, figures, text), "image/png");
    }

    /// <summary>What an invalid range is told (a key of <see cref="WebText"/>).</summary>
    public const string InvalidRange = "The range is not two days (yyyy-MM-dd) from 2000 to 2199, in order, at most a year apart.";

    /// <summary>
    /// The dashboard's range: the given days, or the last 30 days up to today when none is given; null when invalid (a
    /// day that is malformed or out of reach is refused, not replaced: the official would read another period's figures).
    /// </summary>
    public static ReportPeriod? ParsePeriod(string? from, string? to, TimeProvider time)
    {
        if (!TryParseDay(to, out var lastGiven) || !TryParseDay(from, out var firstGiven))
        {
            return null;
        }

        var last = lastGiven ?? ReportPeriod.Today(time);
        return ReportPeriod.Between(firstGiven ?? last.AddDays(-29), last);
    }

    /// <summary>
    /// A 400 whose text a browser shows as written: <c>Results.BadRequest(string)</c> sent it as JSON, every Vietnamese
    /// letter escaped ("Ng\u00E0y kh\u00F4ng h\u1EE3p l\u1EC7") and in quotes.
    /// </summary>
    public static IResult Refusal(string message) => Results.Text(message, "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);

    /// <summary>
    /// A day given as yyyy-MM-dd (<paramref name="day"/> null when none is given); false when one is given but is
    /// malformed or out of reach (<see cref="ReportPeriod.IsWithinReach"/>).
    /// </summary>
    public static bool TryParseDay(string? text, out DateOnly? day)
    {
        day = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) && ReportPeriod.IsWithinReach(parsed))
        {
            day = parsed;
            return true;
        }

        return false;
    }
}
