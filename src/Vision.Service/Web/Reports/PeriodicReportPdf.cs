using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Vision.Service.Web.Charts;
using Vision.Service.Web.Localization;

namespace Vision.Service.Web.Reports;

/// <summary>
/// The weekly or monthly report for officials as a PDF (A4, PDFsharp): the period in local time, the key figures,
/// the four charts drawn on the server and the tables behind them, with page numbers.
/// </summary>
public static class PeriodicReportPdf
{
    private const double Margin = 48;

    public static byte[] Render(DashboardFigures figures, ReportPeriod period, WebText text, DateTimeOffset generatedAt,
        IReadOnlyDictionary<string, string> cameraNames)
    {
        ReportFontResolver.EnsureInstalled();
        using var document = new PdfDocument();
        document.Info.Title = $"{text["Traffic violation report"]} {period.FirstDay:yyyy-MM-dd} – {period.LastDay:yyyy-MM-dd}";
        document.Info.Author = "Vision";
        var title = new XFont(ReportFonts.Family, 18, XFontStyleEx.Bold);
        var heading = new XFont(ReportFonts.Family, 12, XFontStyleEx.Bold);
        var body = new XFont(ReportFonts.Family, 10, XFontStyleEx.Regular);
        var statistics = figures.Statistics;
        var culture = CultureInfo.CurrentCulture;

        var page = new Page(document);
        page.Line(text["Traffic violation report"], title, 26);
        page.Line(text["Thừa Thiên Huế traffic cameras"], body, 16);
        page.Line($"{text["Period"]}: {period.FirstDay.ToString("dd/MM/yyyy", culture)} – {period.LastDay.ToString("dd/MM/yyyy", culture)} (Asia/Ho_Chi_Minh)", body, 16);
        page.Line(text.Format("Generated {0}", TimeZoneInfo.ConvertTime(generatedAt, ReportPeriod.Zone).ToString("dd/MM/yyyy HH:mm", culture)), body, 24);

        page.Line(text["Summary"], heading, 18);
        foreach (var (label, value) in SummaryRows(figures, text))
        {
            page.Row(label, value, body);
        }

        page.Gap(10);
        foreach (var chart in DashboardCharts.Names)
        {
            page.Image(DashboardCharts.RenderPng(chart, figures, text, 1400, 620));
        }

        page.Line(text["Detections by kind"], heading, 18);
        foreach (var (kind, count) in statistics.ByKind.OrderByDescending(pair => pair.Value))
        {
            page.Row(text.KindShort(kind), count.ToString("N0", culture), body);
        }

        page.Gap(10);
        page.Line(text["Detections by camera"], heading, 18);
        foreach (var (camera, count) in statistics.ByCamera.OrderByDescending(pair => pair.Value))
        {
            page.Row(cameraNames.TryGetValue(camera, out var name) ? $"{name} ({camera})" : camera, count.ToString("N0", culture), body);
        }

        var occupancy = SidewalkOccupancyRows(statistics.ZoneOccupancy, text, cameraNames);
        if (occupancy.Count > 0)
        {
            page.Gap(10);
            page.Line(text["Sidewalk occupancy (Asia/Ho_Chi_Minh)"], heading, 18);
            foreach (var row in occupancy)
            {
                page.Line(row, body, 15);
            }
        }

        page.Finish();
        for (var i = 0; i < document.PageCount; i++)
        {
            using var graphics = XGraphics.FromPdfPage(document.Pages[i]);
            graphics.DrawString(text.Format("Page {0} of {1}", i + 1, document.PageCount), body, XBrushes.Gray,
                new XRect(Margin, document.Pages[i].Height.Point - Margin + 12, document.Pages[i].Width.Point - 2 * Margin, 14), XStringFormats.TopRight);
        }

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    /// <summary>The key figures as label and formatted value, shared by the PDF and the dashboard.</summary>
    public static IReadOnlyList<(string Label, string Value)> SummaryRows(DashboardFigures figures, WebText text)
    {
        var statistics = figures.Statistics;
        var culture = CultureInfo.CurrentCulture;
        var delivery = statistics.Delivery;
        long Count(Storage.ReviewStatus status) => statistics.ByStatus.GetValueOrDefault(status);
        return
        [
            // Every detection counts in the tables by kind, camera, day and hour; a violation is one an officer confirmed.
            (text["Detections (every review outcome)"], statistics.Total.ToString("N0", culture)),
            (text["Confirmed violations (plate corrected included)"], (Count(Storage.ReviewStatus.Confirmed) + Count(Storage.ReviewStatus.Corrected)).ToString("N0", culture)),
            (text["Rejected in review"], Count(Storage.ReviewStatus.Rejected).ToString("N0", culture)),
            (text["Pending"], Count(Storage.ReviewStatus.Pending).ToString("N0", culture)),
            (text["Confirmation rate"], statistics.ConfirmationRate is { } rate ? rate.ToString("P1", culture) : text["none decided"]),
            (text["Median review turnaround"], Duration(statistics.MedianTurnaround, text)),
            (text["Mean review turnaround"], Duration(statistics.MeanTurnaround, text)),
            // The outbox as it stands when the report is made, not the period's deliveries: say so.
            (text["Delivery backlog (now, every period)"], string.Create(culture,
                $"{delivery.Waiting:N0} {text["waiting"]}, {delivery.Retrying:N0} {text["retrying"]}, {delivery.DeadLettered:N0} {text["dead-lettered"]}, {delivery.Sent:N0} {text["sent"]}")),
        ];
    }

    /// <summary>
    /// One line per sidewalk zone for the ward office: the share covered over the period (weighted by the time watched),
    /// the local hour of day when it was most covered, and the most vehicles parked on it at once.
    /// </summary>
    public static IReadOnlyList<string> SidewalkOccupancyRows(
        IReadOnlyList<Storage.ZoneOccupancyCell> cells, WebText text, IReadOnlyDictionary<string, string> cameraNames)
    {
        var culture = CultureInfo.CurrentCulture;
        return cells
            .Where(cell => cell.ObservedSeconds > 0)
            .GroupBy(cell => (cell.CameraId, cell.ZoneName))
            .OrderBy(zone => zone.Key.CameraId, StringComparer.Ordinal).ThenBy(zone => zone.Key.ZoneName, StringComparer.Ordinal)
            .Select(zone =>
            {
                var watched = zone.Sum(cell => cell.ObservedSeconds);
                var meanShare = zone.Sum(cell => cell.MeanOccupiedShare * cell.ObservedSeconds) / watched;
                var busiest = zone.GroupBy(cell => cell.Hour)
                    .Select(hour => (Hour: hour.Key, Share: hour.Sum(cell => cell.MeanOccupiedShare * cell.ObservedSeconds) / hour.Sum(cell => cell.ObservedSeconds)))
                    .OrderByDescending(hour => hour.Share).ThenBy(hour => hour.Hour).First();
                var camera = cameraNames.TryGetValue(zone.Key.CameraId, out var name) ? name : zone.Key.CameraId;
                return text.Format("{0}: mean {1} covered, busiest {2}h ({3}), peak {4} parked vehicles",
                    $"{camera} / {zone.Key.ZoneName}", meanShare.ToString("P0", culture), busiest.Hour.ToString("00", culture),
                    busiest.Share.ToString("P0", culture), zone.Max(cell => cell.PeakParkedVehicles).ToString("N0", culture));
            })
            .ToList();
    }

    public static string Duration(TimeSpan? duration, WebText text) => duration switch
    {
        null => text["none decided"],
        { TotalMinutes: < 1 } d => string.Create(CultureInfo.CurrentCulture, $"{d.TotalSeconds:0} s"),
        { TotalHours: < 1 } d => string.Create(CultureInfo.CurrentCulture, $"{d.TotalMinutes:0.#} min"),
        { TotalDays: < 2 } d => string.Create(CultureInfo.CurrentCulture, $"{d.TotalHours:0.#} h"),
        var d => string.Create(CultureInfo.CurrentCulture, $"{d.Value.TotalDays:0.#} d"),
    };

    /// <summary>Lays content down an A4 page and starts the next page when the content would not fit.</summary>
    private sealed class Page(PdfDocument document)
    {
        private PdfPage? _page;
        private XGraphics? _graphics;
        private double _y;

        private XGraphics Graphics(double needed)
        {
            if (_graphics is null || _y + needed > _page!.Height.Point - Margin - 12)
            {
                _graphics?.Dispose();
                _page = document.AddPage();
                _page.Size = PdfSharp.PageSize.A4;
                _graphics = XGraphics.FromPdfPage(_page);
                _y = Margin;
            }

            return _graphics;
        }

        // A4's width: known before the first page is added.
        private static double Width => XUnit.FromMillimeter(210).Point - 2 * Margin;

        /// <summary>Draws the text across the page, on as many lines as it needs.</summary>
        public void Line(string line, XFont font, double height)
        {
            foreach (var part in TextWrap.Lines(line, s => Graphics(height).MeasureString(s, font).Width, Width))
            {
                Graphics(height).DrawString(part, font, XBrushes.Black, new XRect(Margin, _y, Width, height), XStringFormats.TopLeft);
                _y += height;
            }
        }

        /// <summary>A label on the left (wrapped within its column) and its value on the right of its first line.</summary>
        public void Row(string label, string value, XFont font)
        {
            var parts = TextWrap.Lines(label, s => Graphics(15).MeasureString(s, font).Width, Width * 0.6 - 6);
            for (var i = 0; i < parts.Count; i++)
            {
                var graphics = Graphics(15);
                graphics.DrawString(parts[i], font, XBrushes.Black, new XRect(Margin, _y, Width * 0.6, 15), XStringFormats.TopLeft);
                if (i == 0)
                {
                    graphics.DrawString(value, font, XBrushes.Black, new XRect(Margin + Width * 0.6, _y, Width * 0.4, 15), XStringFormats.TopRight);
                }

                _y += 15;
            }
        }

        public void Gap(double height) => _y += height;

        public void Image(byte[] png)
        {
            using var stream = new MemoryStream(png);
            using var image = XImage.FromStream(stream);
            var graphics = Graphics(0);
            var height = Width * image.PixelHeight / image.PixelWidth;
            graphics = Graphics(height + 8);
            graphics.DrawImage(image, Margin, _y, Width, height);
            _y += height + 8;
        }

        public void Finish() => _graphics?.Dispose();
    }
}
