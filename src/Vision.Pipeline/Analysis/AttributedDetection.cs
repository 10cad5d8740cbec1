using Vision.Pipeline.ObjectDetection;

namespace Vision.Pipeline.Analysis;

/// <summary>A detection with the index of the detector run (in <see cref="PhotoDetections.Runs"/>) that found it.</summary>
public readonly record struct AttributedDetection(Detection Detection, int RunIndex);
