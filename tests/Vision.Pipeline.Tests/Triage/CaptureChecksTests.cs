using Vision.Domain.Geography;
using Vision.Pipeline.Triage;
using Vision.Pipeline.Triage.Exif;

namespace Vision.Pipeline.Tests.Triage;

public sealed class CaptureChecksTests
{
    private static readonly TriageOptions Defaults = new();
    private static readonly DateTimeOffset Reported = TriagePhotos.ReportedAt;

    [Theory]
    [InlineData(-0.25, TriageReasonCodes.CaptureTimeConsistent, CaptureTimeCheck.ConsistentEffect)]
    [InlineData(5, TriageReasonCodes.CaptureTimeHoursApart, CaptureTimeCheck.HoursApartEffect)]
    [InlineData(24 * 6, TriageReasonCodes.CaptureTimeDaysApart, CaptureTimeCheck.DaysApartEffect)]
    [InlineData(24 * 120, TriageReasonCodes.CaptureTimeMonthsApart, CaptureTimeCheck.MonthsApartEffect)]
    [InlineData(-3, TriageReasonCodes.CaptureTimeAfterReport, CaptureTimeCheck.AfterReportEffect)]
    public void CaptureTime_IsJudgedByHowLongBeforeTheReportThePhotoWasTaken(double hoursBefore, string code, double effect)
    {
        var exif = new ExifFacts(true, null, Reported.AddHours(-hoursBefore), true, null);

        var reason = CaptureTimeCheck.Evaluate(exif, Reported, Defaults);

        Assert.Equal((code, effect), (reason.Code, reason.Effect));
    }

    [Fact]
    public void MissingCaptureTime_IsAWeakReasonOnly()
    {
        var reason = CaptureTimeCheck.Evaluate(ExifFacts.None, Reported, Defaults);

        Assert.Equal(TriageReasonCodes.CaptureTimeMissing, reason.Code);
        Assert.InRange(reason.Effect, -0.05, -0.01);
    }

    [Fact]
    public void MonthsOldPhoto_SaysHowManyMonths()
    {
        var exif = new ExifFacts(true, null, Reported.AddDays(-122), true, null);

        Assert.Contains("about 4 months before the report", CaptureTimeCheck.Evaluate(exif, Reported, Defaults).Text);
    }

    [Fact]
    public void CapturePosition_KilometresAway_IsFar_AndAStreetAway_IsConsistent()
    {
        var imperialCity = new GeoPosition(16.4698, 107.5786);
        var nearMarket = new GeoPosition(16.4740, 107.5885);

        var far = CapturePositionCheck.Evaluate(new ExifFacts(true, null, null, false, imperialCity), TriagePhotos.DongBaMarket, Defaults.MaxCapturePositionDistanceKm);
        var near = CapturePositionCheck.Evaluate(new ExifFacts(true, null, null, false, nearMarket), TriagePhotos.DongBaMarket, Defaults.MaxCapturePositionDistanceKm);

        Assert.Equal((TriageReasonCodes.CapturePositionFar, CapturePositionCheck.FarEffect), (far.Code, far.Effect));
        Assert.Contains("1.1 km from the reported position", far.Text);
        Assert.Equal(TriageReasonCodes.CapturePositionConsistent, near.Code);
    }

    [Fact]
    public void Haversine_MatchesAKnownDistance()
    {
        // Huế (Đông Ba) to Đà Nẵng cathedral: about 83 km as the crow flies.
        var daNang = new GeoPosition(16.0668, 108.2230);

        Assert.InRange(TriagePhotos.DongBaMarket.DistanceKmTo(daNang), 78, 86);
    }
}
