using Vision.Domain.Geometry;

namespace Vision.Domain.Violations;

/// <summary>Where a track's box was in one frame (source pixels), for the track path drawn on evidence.</summary>
public readonly record struct TrackPoint(long Sequence, DateTimeOffset CapturedAt, BoundingBox Box);
