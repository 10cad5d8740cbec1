namespace Vision.Pipeline.ObjectDetection;

/// <summary>Where the time of one detection went.</summary>
public readonly record struct DetectionTimings(TimeSpan Preprocess, TimeSpan Inference, TimeSpan Postprocess)
{
    public TimeSpan Total => Preprocess + Inference + Postprocess;
}
