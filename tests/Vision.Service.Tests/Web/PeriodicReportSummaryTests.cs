using System.Globalization;
using Vision.Domain.Violations;
using Vision.Service.Web.Charts;
using Vision.Service.Web.Localization;
using Vision.Service.Web.Reports;
using Vision.Storage;

namespace Vision.Service.Tests.Web;

public sealed class PeriodicReportSummaryTests
{
    [Fact]
    public void TheSummary_TellsDetectionsFromConfirmedViolations()
    {
        // Six detections: three confirmed, one with its plate corrected, one rejected as a duplicate, one waiting. The
        // officials' report called all six "violations".
        var from = new DateTimeOffset(2026, 11, 30, 17, 0, 0, TimeSpan.Zero);
        var statistics = new ViolationStatistics(from, from.AddDays(7), "Asia/Ho_Chi_Minh", 6,
            new Dictionary<ViolationKind, long> { [ViolationKind.RedLight] = 6 }, new Dictionary<string, long> { ["cam-1"] = 6 },
            new Dictionary<string, long>(), new long[24],
            new Dictionary<ReviewStatus, long> { [ReviewStatus.Confirmed] = 3, [ReviewStatus.Corrected] = 1, [ReviewStatus.Rejected] = 1, [ReviewStatus.Pending] = 1 },
            0.8, null, null, new DeliveryBacklog(0, 0, 0, 4));
        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = WebCultures.For(WebCultures.Vietnamese);

            var rows = PeriodicReportPdf.SummaryRows(new DashboardFigures(statistics, new Dictionary<ViolationKind, IReadOnlyDictionary<string, long>>(), []), new WebText());

            Assert.Equal(
                [("Số phát hiện (mọi kết quả xét duyệt)", "6"), ("Vi phạm đã xác nhận (kể cả sửa biển số)", "4"), ("Bị loại khi xét duyệt", "1"), ("Chờ xử lý", "1")],
                rows.Take(4));
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
        }
    }
}
