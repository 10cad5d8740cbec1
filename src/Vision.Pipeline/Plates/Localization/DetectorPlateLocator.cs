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

    /// <summary>A detector's boxes are tight: the reading margin all round.</summary>
    public PlateReadingMargin ReadingMargin { get; } = new() { Horizontal = PlateCrop.ReadingMargin, Vertical = PlateCrop.ReadingMargin };

    public IReadOnlyList<PlateCandidate> Locate(Mat vehicleCrop) => Candidates(_detector.Detect(vehicleCrop).Detections, _maxCandidates);

    /// <summary>
    /// The detections as plate candidates, surest first. A box that clamping to the crop left under two pixels wide
    /// or high (one found in the letterbox's padding) is no plate: cut out, it would be an empty image.
    /// </summary>
    internal static IReadOnlyList<PlateCandidate> Candidates(IEnumerable<Detection> detections, int maxCandidates) =>
        detections
            .Where(detection => detection.Box.Width >= 2 && detection.Box.Height >= 2)
            .OrderByDescending(detection => detection.Confidence)
            .Take(maxCandidates)
            .Select(detection => new PlateCandidate(
                detection.Box,
                null,
                detection.Box.Width / MathF.Max(1, detection.Box.Height) <= TwoLineMaximumAspect ? PlateLayout.TwoLine : PlateLayout.OneLine,
                detection.Confidence))
            .ToList();
}
