using Vision.Domain.Geometry;

namespace Vision.Domain.Violations;

/// <summary>
/// One episode of a slow case: from the first frame the zone was over its limit to the last, what was measured
/// (the occupied share of a sidewalk, the number of parked vehicles, the animals on the road), its limit and peak,
/// the measure over time (for the chart) and the zone as drawn in the scene.
/// </summary>
/// <param name="Measure">What <see cref="Samples"/> and <see cref="Peak"/> hold: <c>occupied_share</c> (0..1), <c>parked_vehicles</c> or <c>animals</c>.</param>
/// <param name="Limit">The value the measure had to exceed (share or count).</param>
/// <param name="ClearedSequence">The frame the episode was judged over (the zone back under its limit long enough), or null when it was cut at the maximum duration or by a gap in the feed longer than the clear duration.</param>
public sealed record SlowCaseEpisode(
    long StartSequence,
    DateTimeOffset StartedAt,
    long EndSequence,
    DateTimeOffset EndedAt,
    long? ClearedSequence,
    string Measure,
    double Limit,
    double Peak,
    IReadOnlyList<OccupancySample> Samples,
    IReadOnlyList<NormalizedPoint> ZonePolygon)
{
    public TimeSpan Duration => EndedAt - StartedAt;
}
