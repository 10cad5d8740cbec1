using OpenCvSharp;
using Vision.Domain.Inference;
using Vision.Domain.Plates;
using Vision.Pipeline.Inference;
using Vision.Pipeline.ObjectDetection;

namespace Vision.Pipeline.Plates.Localization;

/// <summary>
/// A user-supplied plate detector (YOLOv5 or YOLOv8 export) run through <see cref="ObjectDetector"/>, e.g.
/// <c>DetectorOptions { Format = YoloV5, ClassNames = ["licence plate"] }</c>. It gives boxes, not corners.
/// </summary>
public sealed class DetectorPlateLocator : IPlateLocator
{
    // Two-line plates (motorbikes, square car plates) are about 1.4 times as wide as high; one-line ones 3 to 5.
    private const float TwoLineMaximumAspect = 2.2f;

    private readonly ObjectDetector _detector;
    private readonly int _maxCandidates;

    public DetectorPlateLocator(ObjectDetector detector, int maxCandidates = 10)
    {
        _detector = detector;
        _maxCandidates = maxCandidates;
        Models = [detector.Model];
    }

    public IReadOnlyList<ModelIdentity> Models { get; }

    public IReadOnlyList<PlateCandidate> Locate(Mat vehicleCrop)
    {
        var result = _detector.Detect(vehicleCrop);
        return result.Detections
            .OrderByDescending(detection => detection.Confidence)
            .Take(_maxCandidates)
            .Select(detection => new PlateCandidate(
                detection.Box,
                null,
                detection.Box.Width / MathF.Max(1, detection.Box.Height) <= TwoLineMaximumAspect ? PlateLayout.TwoLine : PlateLayout.OneLine,
                detection.Confidence))
            .ToList();
    }
}
