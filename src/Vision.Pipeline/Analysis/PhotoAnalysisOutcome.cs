using Vision.Pipeline.Imaging;

namespace Vision.Pipeline.Analysis;

/// <summary>Either the analysis of a photo or why the photo was refused.</summary>
public readonly record struct PhotoAnalysisOutcome(PhotoAnalysisResult? Result, ImageRejection? Rejection);
