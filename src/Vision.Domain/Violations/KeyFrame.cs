namespace Vision.Domain.Violations;

/// <summary>A frame that shows a moment of the violation (before, at, after), by the camera's sequence number.</summary>
public readonly record struct KeyFrame(long Sequence, DateTimeOffset CapturedAt, KeyFrameRole Role);
