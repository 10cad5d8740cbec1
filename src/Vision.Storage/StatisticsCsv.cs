using System.Globalization;
using System.Text;

namespace Vision.Storage;

/// <summary>
/// Statistics as CSV for spreadsheets (RFC 4180 quoting, LF line ends, invariant numbers): one row per figure,
/// <c>section,key,value</c>.
/// </summary>
public static class StatisticsCsv
{
    /// <summary>
    /// The file's bytes: UTF-8 with a byte-order mark, without which Excel opens a CSV in the machine's ANSI code page
    /// and Vietnamese zone and camera names come out garbled.
    /// </summary>
    public static byte[] Encode(string csv) => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)];

    /// <summary>The local (Vietnam) days a range covers, as a file name's <c>yyyyMMdd-yyyyMMdd</c>; its end is exclusive.</summary>
    public static string DaysOf(DateTimeOffset from, DateTimeOffset to)
    {
        var zone = StatisticsQuery.VietnamTime();
        var first = TimeZoneInfo.ConvertTime(from, zone);
        var last = TimeZoneInfo.ConvertTime(to > from ? to.AddTicks(-1) : to, zone);
        return string.Create(CultureInfo.InvariantCulture, $"{first:yyyyMMdd}-{last:yyyyMMdd}");
    }

    public static string Write(ViolationStatistics statistics)
    {
        var csv = new StringBuilder("section,key,value\n");
        void Row(string section, string key, string value) =>
            csv.Append(Quote(section)).Append(',').Append(Quote(AsText(key))).Append(',').Append(Quote(value)).Append('\n');
        static string Number(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

        Row("range", "from", statistics.From.ToString("O", CultureInfo.InvariantCulture));
        Row("range", "to", statistics.To.ToString("O", CultureInfo.InvariantCulture));
        Row("range", "time_zone", statistics.TimeZoneId);
        // Every detection whatever its review (rejected and unreviewed ones too): the status rows say how many were confirmed.
        Row("total", "detections", statistics.Total.ToString(CultureInfo.InvariantCulture));
        foreach (var (kind, count) in statistics.ByKind)
        {
            Row("kind", kind.ToString(), count.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var (camera, count) in statistics.ByCamera)
        {
            Row("camera", camera, count.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var (day, count) in statistics.ByDay)
        {
            Row("day", day, count.ToString(CultureInfo.InvariantCulture));
        }

        for (var hour = 0; hour < statistics.ByHour.Count; hour++)
        {
            Row("hour", hour.ToString("00", CultureInfo.InvariantCulture), statistics.ByHour[hour].ToString(CultureInfo.InvariantCulture));
        }

        foreach (var (status, count) in statistics.ByStatus)
        {
            Row("status", status.ToString(), count.ToString(CultureInfo.InvariantCulture));
        }

        Row("review", "confirmation_rate", statistics.ConfirmationRate is { } rate ? Number(rate) : string.Empty);
        Row("review", "median_turnaround_seconds", statistics.MedianTurnaround is { } median ? Number(median.TotalSeconds) : string.Empty);
        Row("review", "mean_turnaround_seconds", statistics.MeanTurnaround is { } mean ? Number(mean.TotalSeconds) : string.Empty);
        Row("delivery", "waiting", statistics.Delivery.Waiting.ToString(CultureInfo.InvariantCulture));
        Row("delivery", "retrying", statistics.Delivery.Retrying.ToString(CultureInfo.InvariantCulture));
        Row("delivery", "dead_lettered", statistics.Delivery.DeadLettered.ToString(CultureInfo.InvariantCulture));
        Row("delivery", "sent", statistics.Delivery.Sent.ToString(CultureInfo.InvariantCulture));
        foreach (var cell in statistics.ZoneOccupancy)
        {
            // Key: camera/zone/day/hour, e.g. "hue-le-loi-1/east sidewalk/Mon/07"; value: mean share of the zone occupied by goods.
            var key = string.Create(CultureInfo.InvariantCulture, $"{cell.CameraId}/{cell.ZoneName}/{ZoneOccupancyStore.DayName(cell.DayOfWeek)}/{cell.Hour:00}");
            Row("zone_occupancy_share", key, Number(cell.MeanOccupiedShare));
            Row("zone_parked_vehicles", key, Number(cell.MeanParkedVehicles));
            Row("zone_observed_seconds", key, Number(cell.ObservedSeconds));
        }
        return csv.ToString();
    }

    /// <summary>
    /// A key as text a spreadsheet shows and never runs: camera and zone names come from the configuration, and one that
    /// begins with =, +, -, @ (or a tab or carriage return) would be taken for a formula when the file is opened.
    /// </summary>
    private static string AsText(string key) => key.Length > 0 && key[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + key : key;

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\n\r") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
