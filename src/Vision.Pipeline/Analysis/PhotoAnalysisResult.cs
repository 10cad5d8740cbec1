using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Imaging;

namespace Vision.Pipeline.Analysis;

/// <summary>What was found in one photo; boxes are in the pixels of the decoded, upright image.</summary>
public sealed record PhotoAnalysisResult(
    ImageHeader Header,
    int Width,
    int Height,
    DetectionProfile Profile,
    PhotoDetections Detections,
    TimeSpan DecodeTime);
