using Vision.Domain.Geometry;
using Vision.Pipeline.ObjectDetection;

namespace Vision.Pipeline.Tracking;

/// <summary>One track as of the latest frame given to <see cref="MultiObjectTracker.Update"/>.</summary>
/// <param name="TrackId">Unique within the tracker, counting from 1.</param>
/// <param name="ClassId">The class with the highest summed confidence over the track's matched detections.</param>
/// <param name="Box">The filtered box; for a lost track, the motion model's prediction.</param>
/// <param name="VelocityX">Horizontal velocity of the box centre in pixels per second.</param>
/// <param name="VelocityY">Vertical velocity of the box centre in pixels per second.</param>
/// <param name="Age">Capture time of the latest frame minus <paramref name="FirstSeen"/>.</param>
/// <param name="Confidence">The score of the latest matched detection.</param>
/// <param name="Hits">How many detections the track has matched.</param>
/// <param name="FirstSeen">Capture time of the track's first detection.</param>
/// <param name="LastSeen">Capture time of the track's latest matched detection.</param>
public readonly record struct TrackSnapshot(
    long TrackId,
    int ClassId,
    ClassFamily Family,
    BoundingBox Box,
    float VelocityX,
    float VelocityY,
    TimeSpan Age,
    TrackState State,
    float Confidence,
    int Hits,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen)
{
    /// <summary>The people riding it as of its latest matched detection (a motorbike or bicycle joined with its riders).</summary>
    public int Riders { get; init; }
}
