using Vision.Domain.StreetOrder;
using Vision.Pipeline.StreetOrder;

namespace Vision.Pipeline.Tests.StreetOrder;

public sealed class ZoneOccupancyLedgerTests
{
    private static readonly DateTimeOffset Hour = new(2026, 12, 7, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TheRunningHour_IsReportedWhenTheCameraStops_NotLostUntilTheNextFiveMinutes()
    {
        var ledger = new ZoneOccupancyLedger("hue-le-loi-1", "east sidewalk");
        var sink = new RecordingSink();
        // Three minutes at one frame a second, half the sidewalk taken: under the five-minute report interval.
        for (var second = 0; second <= 180; second++)
        {
            ledger.Observe(Hour.AddMinutes(10).AddSeconds(second), 0.5, 1, sink);
        }

        Assert.Empty(sink.Reports);

        ledger.Flush(sink);
        ledger.Flush(sink);

        var report = Assert.Single(sink.Reports.Distinct());
        Assert.Equal((Hour, Hour.AddMinutes(10), 180.0, 90.0, 180.0), (report.HourStart, report.RunStartedAt, report.ObservedSeconds,
            report.OccupiedShareSeconds, report.ParkedVehicleSeconds));
    }

    [Fact]
    public void ACameraClockSetBackSevenHours_IsCountedFromTheNewTime_NotIgnoredUntilTheOldTimeComesRound()
    {
        // Local time sent as UTC, then corrected: the capture time steps back seven hours.
        var ledger = new ZoneOccupancyLedger("hue-le-loi-1", "east sidewalk");
        var sink = new RecordingSink();
        for (var second = 0; second <= 60; second++)
        {
            ledger.Observe(Hour.AddHours(7).AddSeconds(second), 0.5, 1, sink);
        }

        for (var second = 0; second <= 120; second++)
        {
            ledger.Observe(Hour.AddMinutes(10).AddSeconds(second), 0.25, 2, sink);
        }

        ledger.Flush(sink);

        var reports = sink.Reports.DistinctBy(r => (r.HourStart, r.RunStartedAt)).Select(r => sink.Reports.Last(l => (l.HourStart, l.RunStartedAt) == (r.HourStart, r.RunStartedAt))).ToList();
        Assert.Equal([(Hour.AddHours(7), 60.0), (Hour, 120.0)], reports.Select(r => (r.HourStart, r.ObservedSeconds)));
        Assert.Equal(30.0, reports[1].OccupiedShareSeconds);
    }

    [Fact]
    public void ALedgerThatSawNoTime_ReportsNothing()
    {
        var ledger = new ZoneOccupancyLedger("hue-le-loi-1", "east sidewalk");
        var sink = new RecordingSink();
        ledger.Flush(sink);
        ledger.Observe(Hour, 0.5, 1, sink);
        ledger.Flush(sink);

        Assert.Empty(sink.Reports);
    }

    private sealed class RecordingSink : IZoneOccupancySink
    {
        public List<ZoneOccupancyHour> Reports { get; } = [];

        public void Report(ZoneOccupancyHour hour) => Reports.Add(hour);
    }
}
