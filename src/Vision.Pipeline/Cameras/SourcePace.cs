namespace Vision.Pipeline.Cameras;

public enum SourcePace
{
    RealTime,
    AsFastAsPossible,
}
