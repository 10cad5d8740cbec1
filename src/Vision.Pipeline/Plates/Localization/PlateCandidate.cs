using OpenCvSharp;
using Vision.Domain.Geometry;
using Vision.Domain.Plates;
using Vision.Pipeline.ObjectDetection;

namespace Vision.Pipeline.Plates.Localization;

/// <summary>
/// Where a plate probably is in a vehicle crop: its box, its four corners (top-left, top-right, bottom-right,
/// bottom-left) when the locator knows the plate's tilt, its layout and the locator's score.
/// </summary>
public sealed record PlateCandidate(BoundingBox Box, IReadOnlyList<Point2f>? Corners, PlateLayout Layout, float Score);
