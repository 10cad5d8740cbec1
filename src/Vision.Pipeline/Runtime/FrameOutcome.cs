namespace Vision.Pipeline.Runtime;

public enum FrameOutcome
{
    Processed,
    DecodeFailed,
}
