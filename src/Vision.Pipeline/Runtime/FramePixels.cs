using OpenCvSharp;

namespace Vision.Pipeline.Runtime;

/// <summary>
/// The decoded pixels of the frame a consumer is looking at (BGR, possibly decoded at a reduced scale). Borrowed:
/// valid only during the <see cref="IFrameResultConsumer.Consume"/> call; copy what must outlive it.
/// </summary>
public readonly record struct FramePixels(Mat Bgr, float ScaleToSourceX, float ScaleToSourceY);
