using OpenCvSharp;

namespace Vision.Pipeline.ObjectDetection;

/// <summary>What a camera pipeline detects with: a detector of its own calls, or one batching frames across cameras.</summary>
public interface IFrameDetector
{
    ObjectClasses Classes { get; }

    /// <summary>The size a source image must at least be decoded at for this detector to see all it can.</summary>
    (int Width, int Height) PixelsNeeded(int sourceWidth, int sourceHeight);

    /// <summary>Objects in an 8-bit BGR image, boxes in that image's pixels.</summary>
    ValueTask<DetectionResult> DetectAsync(Mat bgrImage, CancellationToken cancellationToken);
}
