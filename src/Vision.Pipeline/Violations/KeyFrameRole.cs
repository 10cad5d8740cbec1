namespace Vision.Pipeline.Violations;

public enum KeyFrameRole
{
    Before,
    At,
    After,
}
