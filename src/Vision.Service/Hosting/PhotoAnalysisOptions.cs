using Vision.Pipeline.Analysis;

namespace Vision.Service.Hosting;

public sealed class PhotoAnalysisOptions
{
    /// <summary>The profile used when a request leaves the resolution unspecified.</summary>
    public DetectionProfile DefaultProfile { get; set; } = DetectionProfile.HighResolution;
}
