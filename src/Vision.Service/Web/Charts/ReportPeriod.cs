using System.Globalization;
using Vision.Storage;

namespace Vision.Service.Web.Charts;

/// <summary>
/// A range of whole local days in Asia/Ho_Chi_Minh: [first day 00:00, day after the last 00:00). Weeks start on Monday,
/// months on the 1st, as Vietnamese offices count them.
/// </summary>
public sealed record ReportPeriod(DateOnly FirstDay, DateOnly LastDay, string Kind)
{
    public const string Week = "week";
    public const string Month = "month";
    public const string Custom = "custom";
    public const int MaxDays = 366;

    public static TimeZoneInfo Zone { get; } = StatisticsQuery.VietnamTime();

    /// <summary>
    /// The days a filter or report may name: no camera recorded before 2000, and the calendar's ends (0001, 9999) would
    /// overflow the arithmetic of a week, a month or a local midnight.
    /// </summary>
    public static bool IsWithinReach(DateOnly day) => day.Year is >= 2000 and <= 2199;

    public DateTimeOffset From => Midnight(FirstDay);

    public DateTimeOffset To => Midnight(LastDay.AddDays(1));

    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), Zone).DateTime);

    /// <summary>The week (Monday to Sunday) that holds <paramref name="day"/>.</summary>
    public static ReportPeriod WeekOf(DateOnly day)
    {
        var monday = day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
        return new ReportPeriod(monday, monday.AddDays(6), Week);
    }

    public static ReportPeriod MonthOf(DateOnly day)
    {
        var first = new DateOnly(day.Year, day.Month, 1);
        return new ReportPeriod(first, first.AddMonths(1).AddDays(-1), Month);
    }

    /// <summary>A custom range, or null when it is reversed or longer than <see cref="MaxDays"/>.</summary>
    public static ReportPeriod? Between(DateOnly first, DateOnly last) =>
        last < first || last.DayNumber - first.DayNumber >= MaxDays ? null : new ReportPeriod(first, last, Custom);

    /// <summary>The file name stem of a downloaded report, e.g. vision-report-week-2026-11-30.</summary>
    public string FileStem => string.Create(CultureInfo.InvariantCulture, $"vision-report-{Kind}-{FirstDay:yyyy-MM-dd}");

    private static DateTimeOffset Midnight(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }
}
