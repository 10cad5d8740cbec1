using OpenCvSharp;
using Vision.Pipeline.ObjectDetection;

namespace Vision.Pipeline.Analysis;

/// <summary>The detectors of each profile, loaded and warmed up once and shared by every caller.</summary>
public sealed class DetectorSet : IDisposable
{
    private readonly float _mergeIouThreshold;
    private readonly int _maxDetections;

    public DetectorSet(ObjectDetector standard, ObjectDetector highResolution, float mergeIouThreshold = 0.45f, int maxDetections = 300)
    {
        Standard = standard;
        HighResolution = highResolution;
        _mergeIouThreshold = mergeIouThreshold;
        _maxDetections = maxDetections;
    }

    /// <summary>The fixed-size model (416 px for YOLOX-nano).</summary>
    public ObjectDetector Standard { get; }

    /// <summary>The dynamic-size model on a larger canvas.</summary>
    public ObjectDetector HighResolution { get; }

    /// <summary>Standard: one pass on the small canvas. HighResolution: that pass merged with a pass on the large canvas.</summary>
    public PhotoDetections Detect(Mat bgrImage, DetectionProfile profile)
    {
        var coarse = Standard.Detect(bgrImage);
        if (profile == DetectionProfile.Standard)
        {
            return PhotoDetections.Single(coarse);
        }

        var fine = HighResolution.Detect(bgrImage);
        return MultiScaleMerge.Merge(coarse, fine, _mergeIouThreshold, _maxDetections);
    }

    public void Dispose()
    {
        Standard.Dispose();
        HighResolution.Dispose();
    }
}
