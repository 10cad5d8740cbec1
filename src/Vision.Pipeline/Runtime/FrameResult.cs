using Vision.Domain.Inference;
using Vision.Domain.Plates;
using Vision.Pipeline.Inference;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Plates;
using Vision.Pipeline.Tracking;

namespace Vision.Pipeline.Runtime;

/// <summary>What the pipeline made of one frame: immutable, no pixels, safe to keep after the frame is gone.</summary>
public sealed record FrameResult(
    string CameraId,
    long Sequence,
    DateTimeOffset CapturedAt,
    FrameOutcome Outcome,
    int Width,
    int Height,
    IReadOnlyList<Detection> Detections,
    IReadOnlyList<TrackSnapshot> Tracks,
    ModelIdentity? Model,
    StageTimings Timings,
    string? FailureReason = null)
{
    /// <summary>The plate decided so far for each vehicle track that has one (empty when plate reading is off).</summary>
    public IReadOnlyList<TrackPlate> Plates { get; init; } = [];
}
