namespace Vision.Pipeline.Analysis;

/// <summary>Which detector looks at a photo: the fast fixed-size one, or the dynamic-size one on a larger canvas.</summary>
public enum DetectionProfile
{
    Standard,
    HighResolution,
}
