namespace Vision.Pipeline.ObjectDetection;

/// <summary>Turns one model family's raw outputs into scored boxes on the input canvas (before NMS).</summary>
public interface IDetectionDecoder
{
    /// <summary>Appends every candidate whose score reaches its class threshold, in canvas pixel coordinates.</summary>
    void Decode(ModelOutputs outputs, int canvasWidth, int canvasHeight, ConfidenceThresholds thresholds, List<Detection> candidates);
}
