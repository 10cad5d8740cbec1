using OpenCvSharp;

namespace Vision.Pipeline.Runtime;

/// <summary>An accepted frame with its pixels (possibly decoded at a reduced scale); disposed exactly once by its last owner.</summary>
internal sealed class DecodedFrame : IDisposable
{
    public DecodedFrame(AcceptedFrame accepted, Mat pixels, TimeSpan decodeTime)
    {
        Accepted = accepted;
        Pixels = pixels;
        DecodeTime = decodeTime;
    }

    public AcceptedFrame Accepted { get; }

    public Mat Pixels { get; }

    public TimeSpan DecodeTime { get; }

    /// <summary>Full-resolution pixels per decoded pixel (1, 2, 4 or 8 when libjpeg scaled the decode down).</summary>
    public float ScaleToSourceX => (float)Accepted.Width / Pixels.Width;

    public float ScaleToSourceY => (float)Accepted.Height / Pixels.Height;

    public void Dispose() => Pixels.Dispose();
}
