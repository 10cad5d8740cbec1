using OpenCvSharp;

namespace Vision.Pipeline.Runtime;

/// <summary>
/// A decoded frame at full resolution, decoded from its JPEG on first use only (plates are never read from the reduced
/// image the detector saw); the pixels the detector saw when they already are full resolution. Owns what it decoded.
/// </summary>
internal sealed class FullResolutionFrame(DecodedFrame decoded) : IDisposable
{
    private Mat? _decodedAgain;

    public Mat Get()
    {
        if (decoded.Pixels.Width == decoded.Accepted.Width && decoded.Pixels.Height == decoded.Accepted.Height)
        {
            return decoded.Pixels;
        }

        if (_decodedAgain is null)
        {
            var full = ScaledJpegDecoder.Decode(decoded.Accepted.Frame.Jpeg.Span, ImreadModes.Color | ImreadModes.IgnoreOrientation);
            if (full.Empty())
            {
                full.Dispose();
                throw new InvalidDataException("the JPEG that decoded reduced could not be decoded at full resolution");
            }

            _decodedAgain = full;
        }

        return _decodedAgain;
    }

    public void Dispose() => _decodedAgain?.Dispose();
}
