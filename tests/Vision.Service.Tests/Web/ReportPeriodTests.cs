using Vision.Service.Web.Charts;

namespace Vision.Service.Tests.Web;

public sealed class ReportPeriodTests
{
    [Fact]
    public void Week_RunsMondayToSunday_InHueTime()
    {
        var week = ReportPeriod.WeekOf(new DateOnly(2026, 11, 28));

        Assert.Equal((new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 29)), (week.FirstDay, week.LastDay));
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 17, 0, 0, TimeSpan.Zero), week.From);
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 17, 0, 0, TimeSpan.Zero), week.To);
        Assert.Equal("vision-report-week-2026-11-23", week.FileStem);
    }

    [Fact]
    public void Month_CoversTheWholeCalendarMonth()
    {
        var month = ReportPeriod.MonthOf(new DateOnly(2028, 2, 14));

        Assert.Equal((new DateOnly(2028, 2, 1), new DateOnly(2028, 2, 29)), (month.FirstDay, month.LastDay));
        Assert.Equal(new DateTimeOffset(2028, 1, 31, 17, 0, 0, TimeSpan.Zero), month.From);
    }

    [Fact]
    public void CustomRange_IsRefused_WhenReversedOrLongerThanAYear()
    {
        Assert.Null(ReportPeriod.Between(new DateOnly(2026, 11, 30), new DateOnly(2026, 11, 1)));
        Assert.Null(ReportPeriod.Between(new DateOnly(2025, 1, 1), new DateOnly(2026, 1, 2)));
        Assert.NotNull(ReportPeriod.Between(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 1)));
    }
}
