using Vision.Domain.Violations;

namespace Vision.Storage.Tests;

public sealed class StatisticsCsvTests
{
    [Fact]
    public void ANameASpreadsheetWouldRunAsAFormula_IsWrittenAsText()
    {
        // Camera and zone names come from the configuration; the file is opened in Excel (it starts with a BOM for it).
        var from = new DateTimeOffset(2026, 11, 30, 17, 0, 0, TimeSpan.Zero);
        var statistics = new ViolationStatistics(from, from.AddDays(1), "Asia/Ho_Chi_Minh", 3, new Dictionary<ViolationKind, long>(),
            new Dictionary<string, long> { ["=HYPERLINK(\"http://evil.example\",\"cam\")"] = 1, ["@SUM(A1)"] = 1, ["hue-le-loi-1"] = 1 },
            new Dictionary<string, long>(), new long[24], new Dictionary<ReviewStatus, long>(), null, null, null, new DeliveryBacklog(0, 0, 0, 0));

        var csv = StatisticsCsv.Write(statistics);

        Assert.Contains("camera,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"cam\"\")\",1\n", csv, StringComparison.Ordinal);
        Assert.Contains("camera,'@SUM(A1),1\n", csv, StringComparison.Ordinal);
        Assert.Contains("camera,hue-le-loi-1,1\n", csv, StringComparison.Ordinal);
    }

    [Fact]
    public void TheTotal_IsCalledDetections_BesideTheStatusRows_NotViolations()
    {
        // Six detections: three confirmed, one corrected, one rejected as a duplicate, one unreviewed. A forwarded
        // spreadsheet read "violations,6".
        var from = new DateTimeOffset(2026, 10, 31, 17, 0, 0, TimeSpan.Zero);
        var statistics = new ViolationStatistics(from, from.AddDays(30), "Asia/Ho_Chi_Minh", 6,
            new Dictionary<ViolationKind, long> { [ViolationKind.RedLight] = 6 }, new Dictionary<string, long>(), new Dictionary<string, long>(), new long[24],
            new Dictionary<ReviewStatus, long> { [ReviewStatus.Confirmed] = 3, [ReviewStatus.Corrected] = 1, [ReviewStatus.Rejected] = 1, [ReviewStatus.Pending] = 1 },
            null, null, null, new DeliveryBacklog(0, 0, 0, 0));

        var csv = StatisticsCsv.Write(statistics);

        Assert.Contains("total,detections,6\n", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("violations", csv, StringComparison.Ordinal);
        Assert.Contains("status,Confirmed,3\n", csv, StringComparison.Ordinal);
        Assert.Contains("status,Rejected,1\n", csv, StringComparison.Ordinal);
    }
}
