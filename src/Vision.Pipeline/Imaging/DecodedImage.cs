using OpenCvSharp;

namespace Vision.Pipeline.Imaging;

/// <summary>A decoded 8-bit BGR image and the header it came from. The owner disposes it exactly once.</summary>
public sealed class DecodedImage : IDisposable
{
    public DecodedImage(Mat pixels, ImageHeader header)
    {
        Pixels = pixels;
        Header = header;
    }

    /// <summary>8-bit, 3-channel BGR, EXIF orientation applied.</summary>
    public Mat Pixels { get; }

    public ImageHeader Header { get; }

    public int Width => Pixels.Width;

    public int Height => Pixels.Height;

    public void Dispose() => Pixels.Dispose();
}
