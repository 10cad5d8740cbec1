using System.Globalization;

namespace Vision.Storage;

/// <summary>Per-character plate confidences as stored: invariant numbers with three decimals, space-separated.</summary>
public static class PlateConfidenceText
{
    public static string? Write(IReadOnlyList<float> confidences) =>
        confidences.Count == 0 ? null : string.Join(' ', confidences.Select(value => value.ToString("0.###", CultureInfo.InvariantCulture)));

    public static IReadOnlyList<float> Read(string? stored) => string.IsNullOrWhiteSpace(stored)
        ? []
        : [.. stored.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(value => float.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture))];
}
