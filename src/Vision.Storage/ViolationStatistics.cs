using Vision.Domain.Violations;


namespace Vision.Storage;

/// <summary>
/// Figures for city officials over [From, To) by capture time: counts by kind, camera, local day and local hour,
/// review outcomes, confirmation rate, review turnaround (recorded → decided), and the current delivery backlog.
/// </summary>
/// <param name="ByDay">Keyed by local date (yyyy-MM-dd in <paramref name="TimeZoneId"/>).</param>
/// <param name="ByHour">24 entries, local hour of day 0–23.</param>
/// <param name="ConfirmationRate">(confirmed + corrected) / decided, or null when nothing was decided.</param>
public sealed record ViolationStatistics(
    DateTimeOffset From,
    DateTimeOffset To,
    string TimeZoneId,
    long Total,
    IReadOnlyDictionary<ViolationKind, long> ByKind,
    IReadOnlyDictionary<string, long> ByCamera,
    IReadOnlyDictionary<string, long> ByDay,
    IReadOnlyList<long> ByHour,
    IReadOnlyDictionary<ReviewStatus, long> ByStatus,
    double? ConfirmationRate,
    TimeSpan? MedianTurnaround,
    TimeSpan? MeanTurnaround,
    DeliveryBacklog Delivery)
{
    /// <summary>Each sidewalk zone's occupancy by local day of week and hour of day (street order), over the hours in the range.</summary>
    public IReadOnlyList<ZoneOccupancyCell> ZoneOccupancy { get; init; } = [];
}
