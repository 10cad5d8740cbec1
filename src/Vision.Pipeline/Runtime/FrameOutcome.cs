namespace Vision.Pipeline.Runtime;

public enum FrameOutcome
{
    Processed,
    DecodeFailed,

    /// <summary>Decoded, but a later stage (detection, tracking, plates, a consumer) threw; the camera restarts.</summary>
    StageFailed,
}
