using System.Globalization;
using OpenCvSharp;
using Vision.Domain.Violations;

namespace Vision.Pipeline.Evidence;

/// <summary>
/// A slow case's measure over its episode as a small PNG chart (640×240): the values as a line, the limit as a red
/// line, the episode's first and last frame as grey verticals, local start and end times and the peak written out.
/// </summary>
public static class OccupancyChart
{
    public const int Width = 640;
    public const int Height = 240;
    private const int Left = 56;
    private const int Right = 16;
    private const int Top = 28;
    private const int Bottom = 36;

    private static readonly Scalar Background = Scalar.White;
    private static readonly Scalar Axis = new(60, 60, 60);
    private static readonly Scalar Series = new(200, 90, 20);
    private static readonly Scalar LimitColour = new(30, 30, 220);
    private static readonly Scalar EpisodeColour = new(170, 170, 170);

    public static byte[] Draw(SlowCaseEpisode episode, TimeSpan localUtcOffset)
    {
        using var chart = new Mat(Height, Width, MatType.CV_8UC3, Background);
        var samples = episode.Samples;
        var from = samples.Count > 0 ? samples[0].CapturedAt : episode.StartedAt;
        var to = samples.Count > 0 ? samples[^1].CapturedAt : episode.EndedAt;
        var span = Math.Max(1, (to - from).TotalSeconds);
        var isShare = episode.Measure == "occupied_share";
        var top = isShare ? 1.0 : Math.Max(episode.Peak, episode.Limit) + 1;
        int X(DateTimeOffset time) => Left + (int)Math.Round((Width - Left - Right) * (time - from).TotalSeconds / span);
        int Y(double value) => Height - Bottom - (int)Math.Round((Height - Top - Bottom) * Math.Clamp(value / top, 0, 1));

        Cv2.Line(chart, new Point(Left, Top), new Point(Left, Height - Bottom), Axis, 1);
        Cv2.Line(chart, new Point(Left, Height - Bottom), new Point(Width - Right, Height - Bottom), Axis, 1);
        foreach (var time in new[] { episode.StartedAt, episode.EndedAt })
        {
            Cv2.Line(chart, new Point(X(time), Top), new Point(X(time), Height - Bottom), EpisodeColour, 1);
        }

        Cv2.Line(chart, new Point(Left, Y(episode.Limit)), new Point(Width - Right, Y(episode.Limit)), LimitColour, 1, LineTypes.AntiAlias);
        if (samples.Count > 1)
        {
            Cv2.Polylines(chart, [samples.Select(s => new Point(X(s.CapturedAt), Y(s.Value))).ToArray()], false, Series, 2, LineTypes.AntiAlias);
        }

        string Value(double value) => isShare ? value.ToString("P0", CultureInfo.InvariantCulture) : value.ToString("0", CultureInfo.InvariantCulture);
        string Clock(DateTimeOffset time) => time.ToOffset(localUtcOffset).ToString("HH:mm", CultureInfo.InvariantCulture);
        Text(chart, $"{episode.Measure}  peak {Value(episode.Peak)}  limit {Value(episode.Limit)}  {episode.Duration.TotalMinutes:0.#} min", new Point(Left, 18), Axis);
        Text(chart, Value(top), new Point(4, Top + 8), Axis);
        Text(chart, Value(0), new Point(4, Height - Bottom), Axis);
        Text(chart, Clock(from), new Point(Left - 20, Height - 12), Axis);
        Text(chart, Clock(to), new Point(Width - Right - 44, Height - 12), Axis);
        return chart.ImEncode(".png");
    }

    private static void Text(Mat chart, string text, Point at, Scalar colour) =>
        Cv2.PutText(chart, text, at, HersheyFonts.HersheySimplex, 0.45, colour, 1, LineTypes.AntiAlias);
}
