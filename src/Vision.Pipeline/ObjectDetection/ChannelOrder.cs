namespace Vision.Pipeline.ObjectDetection;

/// <summary>The colour order of the model's input planes.</summary>
public enum ChannelOrder
{
    Bgr,
    Rgb,
}
