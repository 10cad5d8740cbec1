using Vision.Domain.Geometry;
using Vision.Pipeline.ObjectDetection;

namespace Vision.Pipeline.Privacy;

/// <summary>One face in source pixels, with the detector's score (√(class × objectness)).</summary>
public readonly record struct FaceDetection(BoundingBox Box, float Score);
