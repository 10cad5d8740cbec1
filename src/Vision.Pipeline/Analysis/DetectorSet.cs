using OpenCvSharp;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.RoadUsers;

namespace Vision.Pipeline.Analysis;

/// <summary>The detectors of each profile, loaded and warmed up once and shared by every caller.</summary>
public sealed class DetectorSet : IDisposable
{
    private readonly float _mergeIouThreshold;
    private readonly int _maxDetections;
    private readonly RiderAssociationOptions _riderOptions;

    public DetectorSet(ObjectDetector standard, ObjectDetector highResolution, float mergeIouThreshold = 0.45f, int maxDetections = 300,
        RiderAssociationOptions? riderOptions = null)
    {
        _riderOptions = riderOptions ?? new RiderAssociationOptions();
        Standard = standard;
        HighResolution = highResolution;
        _mergeIouThreshold = mergeIouThreshold;
        _maxDetections = maxDetections;
    }

    /// <summary>The fixed-size model (416 px for YOLOX-nano).</summary>
    public ObjectDetector Standard { get; }

    /// <summary>The dynamic-size model on a larger canvas.</summary>
    public ObjectDetector HighResolution { get; }

    /// <summary>
    /// Standard: one pass on the small canvas. HighResolution: that pass merged with a pass on the large canvas. Either
    /// way riders are then joined with their two-wheelers into road users.
    /// </summary>
    public PhotoDetections Detect(Mat bgrImage, DetectionProfile profile)
    {
        var coarse = Standard.Detect(bgrImage);
        var found = profile == DetectionProfile.Standard
            ? PhotoDetections.Single(coarse)
            : MultiScaleMerge.Merge(coarse, HighResolution.Detect(bgrImage), _mergeIouThreshold, _maxDetections);
        return RoadUsersOf(found);
    }

    private PhotoDetections RoadUsersOf(PhotoDetections found)
    {
        var detections = found.Objects.Select(o => o.Detection).ToList();
        var roadUsers = new List<Detection>(detections.Count);
        var sources = new List<int>(detections.Count);
        new RiderAssociation(Standard.Classes, _riderOptions).Associate(detections, roadUsers, sources);
        return found with { Objects = [.. roadUsers.Select((user, i) => new AttributedDetection(user, found.Objects[sources[i]].RunIndex))] };
    }

    public void Dispose()
    {
        Standard.Dispose();
        HighResolution.Dispose();
    }
}
