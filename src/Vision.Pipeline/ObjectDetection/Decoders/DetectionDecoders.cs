namespace Vision.Pipeline.ObjectDetection.Decoders;

public static class DetectionDecoders
{
    public static IDetectionDecoder For(ModelFormat format) => format switch
    {
        ModelFormat.Yolox => new YoloxDecoder(),
        ModelFormat.NanoDet => new NanoDetDecoder(),
        ModelFormat.YoloV5 => new YoloV5Decoder(),
        ModelFormat.YoloV8 => new YoloV8Decoder(),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown model format."),
    };
}
