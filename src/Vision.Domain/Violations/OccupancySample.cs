namespace Vision.Domain.Violations;

/// <summary>The measure of a slow case at one frame (a point of its occupancy chart).</summary>
public readonly record struct OccupancySample(long Sequence, DateTimeOffset CapturedAt, double Value);
