namespace Vision.Pipeline.Runtime;

/// <summary>Time one frame spent in each stage of the camera pipeline.</summary>
public readonly record struct StageTimings(TimeSpan Decode, TimeSpan Detect, TimeSpan Track, TimeSpan Plates = default);
