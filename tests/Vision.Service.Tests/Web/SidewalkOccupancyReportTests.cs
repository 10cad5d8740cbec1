using System.Globalization;
using Vision.Service.Web.Localization;
using Vision.Service.Web.Reports;
using Vision.Storage;

namespace Vision.Service.Tests.Web;

public sealed class SidewalkOccupancyReportTests
{
    private static readonly ZoneOccupancyCell[] Cells =
    [
        // Monday 07h: 30 % covered for 50 minutes; Monday 08h: 60 % for an hour; Tuesday 08h: empty for 20 minutes.
        new("cam-1", "east sidewalk", 1, 7, 3000, 0.3, 1.0, 0.5, 5, 1),
        new("cam-1", "east sidewalk", 1, 8, 3600, 0.6, 0.5, 0.8, 2, 1),
        new("cam-1", "east sidewalk", 2, 8, 1200, 0.0, 0.0, 0.0, 1, 1),
        // Never watched: no line.
        new("cam-1", "west sidewalk", 2, 8, 0, 0.0, 0.0, 0.0, 0, 1),
    ];

    [Theory]
    [InlineData(WebCultures.English, "Le Loi / east sidewalk: mean 39 % covered, busiest 08h (45 %), peak 5 parked vehicles")]
    [InlineData(WebCultures.Vietnamese, "Le Loi / east sidewalk: trung bình 39 % bị chiếm, cao nhất lúc 08h (45 %), tối đa 5 xe đỗ")]
    public void PeriodicReport_SaysForEachWatchedSidewalk_ItsMeanShare_BusiestLocalHour_AndPeakParking(string language, string expected)
    {
        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = WebCultures.For(language);

            var rows = PeriodicReportPdf.SidewalkOccupancyRows(Cells, new WebText(), new Dictionary<string, string> { ["cam-1"] = "Le Loi" });

            Assert.Equal([expected], rows);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
        }
    }

    [Fact]
    public void ALongSidewalkLine_IsWrappedWithinThePage_KeepingEveryWord()
    {
        // The shipped sample camera's line in Vietnamese is about 614 pt at 10 pt; an A4 page has 499 pt between margins.
        const string line = "Sample camera (recorded clip vtest.avi) / east sidewalk: trung bình 39 % bị chiếm, cao nhất lúc 08h (45 %), tối đa 12 xe đỗ";
        const double width = 595.28 - 2 * 48;
        ReportFonts.EnsureInstalled();
        var font = new PdfSharp.Drawing.XFont(ReportFonts.Family, 10, PdfSharp.Drawing.XFontStyleEx.Regular);
        using var measure = PdfSharp.Drawing.XGraphics.CreateMeasureContext(
            new PdfSharp.Drawing.XSize(595.28, 841.89), PdfSharp.Drawing.XGraphicsUnit.Point, PdfSharp.Drawing.XPageDirection.Downwards);
        double Width(string text) => measure.MeasureString(text, font).Width;
        Assert.True(Width(line) > width);

        var lines = TextWrap.Lines(line, Width, width);

        Assert.Equal(2, lines.Count);
        Assert.All(lines, part => Assert.True(Width(part) <= width, part));
        Assert.Equal(line, string.Join(' ', lines));
    }

    [Fact]
    public void AWordWiderThanTheWidth_IsCutWhereItMust() =>
        Assert.Equal(["abcd", "efgh", "ij", "kl"], TextWrap.Lines("abcdefghij kl", text => text.Length, 4));
}
