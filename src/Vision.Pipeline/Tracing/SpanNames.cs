namespace Vision.Pipeline.Tracing;

/// <summary>Names of the pipeline's spans: a camera frame's stages, a photo's stages, and a violation's way to the store.</summary>
public static class SpanNames
{
    public const string Frame = "vision.frame";
    public const string FrameQueued = "vision.frame.queued";
    public const string FrameDecode = "vision.frame.decode";
    public const string FrameDetect = "vision.frame.detect";
    public const string FrameTrack = "vision.frame.track";
    public const string FramePlates = "vision.frame.plates";
    public const string FrameRules = "vision.frame.rules";

    public const string EvidenceBuild = "vision.evidence.build";
    public const string ViolationRecord = "vision.violation.record";

    public const string PhotoAdmission = "vision.photo.admission";
    public const string PhotoDecode = "vision.photo.decode";
    public const string PhotoDetect = "vision.photo.detect";
    public const string PhotoPlates = "vision.photo.plates";
    public const string PhotoVerdict = "vision.photo.verdict";
}
