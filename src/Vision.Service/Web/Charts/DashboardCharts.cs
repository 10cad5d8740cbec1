using System.Globalization;
using ScottPlot;
using Vision.Service.Web.Localization;
using Vision.Service.Web.Reports;
using Vision.Storage;

namespace Vision.Service.Web.Charts;

/// <summary>The dashboard's and the report's charts, drawn on the server as PNG with ScottPlot (labels in the page's language).</summary>
public static class DashboardCharts
{
    private static readonly Lazy<bool> FontsRegistered = new(() =>
    {
        ScottPlot.Fonts.AddFontFile(ReportFonts.Family, ReportFonts.RegularPath, bold: false, italic: false);
        ScottPlot.Fonts.AddFontFile(ReportFonts.Family, ReportFonts.BoldPath, bold: true, italic: false);
        ScottPlot.Fonts.Default = ReportFonts.Family;
        return true;
    });

    /// <summary>The charts there are, by the name used in their address.</summary>
    public static IReadOnlyList<string> Names { get; } = ["by-day", "by-camera", "by-hour", "outcomes"];

    public static bool Exists(string name) => Names.Contains(name, StringComparer.Ordinal);

    public static byte[] RenderPng(string name, DashboardFigures figures, WebText text, int width = 720, int height = 320)
    {
        var statistics = figures.Statistics;
        _ = FontsRegistered.Value;
        var plot = new Plot();
        plot.Font.Set(ReportFonts.Family);
        switch (name)
        {
            case "by-day":
                ByDay(plot, figures, text);
                break;
            case "by-camera":
                Bars(plot, statistics.ByCamera.Select(pair => (pair.Key, (double)pair.Value)).ToList(), text["Detections by camera (every review outcome)"], horizontal: true);
                break;
            case "by-hour":
                Bars(plot, statistics.ByHour.Select((count, hour) => (hour.ToString("00", CultureInfo.InvariantCulture), (double)count)).ToList(),
                    text["Detections by hour of day (Asia/Ho_Chi_Minh)"], horizontal: false);
                break;
            case "outcomes":
                Bars(plot, statistics.ByStatus.Select(pair => (text.Status(pair.Key), (double)pair.Value)).ToList(), text["Review outcomes"], horizontal: false);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "No such chart.");
        }

        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>Stacked bars: one bar per local day, one colour per violation kind.</summary>
    private static void ByDay(Plot plot, DashboardFigures figures, WebText text)
    {
        plot.Title(text["Detections by kind per day"]);
        var days = figures.Days;
        var kinds = figures.ByKindAndDay.Keys.OrderBy(kind => kind).ToList();
        // Twenty colours for the fourteen kinds, each kind always its own (by its number), in every chart and report.
        var palette = new ScottPlot.Palettes.Category20();
        var bottoms = new double[days.Count];
        for (var k = 0; k < kinds.Count; k++)
        {
            var perDay = figures.ByKindAndDay[kinds[k]];
            var bars = new List<Bar>();
            for (var d = 0; d < days.Count; d++)
            {
                var count = perDay.GetValueOrDefault(days[d]);
                bars.Add(new Bar { Position = d, ValueBase = bottoms[d], Value = bottoms[d] + count, FillColor = palette.GetColor((int)kinds[k]), LineWidth = 0 });
                bottoms[d] += count;
            }

            var series = plot.Add.Bars(bars);
            series.LegendText = text.KindShort(kinds[k]);
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            days.Select((day, i) => (Position: (double)i, Label: day[5..])).Where((_, i) => days.Count <= 16 || i % (days.Count / 8 + 1) == 0)
                .Select(tick => new Tick(tick.Position, tick.Label)).ToArray());
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Edge.Right);
    }

    private static void Bars(Plot plot, IReadOnlyList<(string Label, double Value)> values, string title, bool horizontal)
    {
        plot.Title(title);
        var bars = values.Select((value, i) => new Bar { Position = i, Value = value.Value, FillColor = Colors.SteelBlue, LineWidth = 0 }).ToList();
        var series = plot.Add.Bars(bars);
        series.Horizontal = horizontal;
        var ticks = values.Select((value, i) => new Tick(i, value.Label)).ToArray();
        if (horizontal)
        {
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
            plot.Axes.Margins(left: 0);
        }
        else
        {
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
            plot.Axes.Margins(bottom: 0);
        }
    }
}
