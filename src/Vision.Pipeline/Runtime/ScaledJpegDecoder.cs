using OpenCvSharp;

namespace Vision.Pipeline.Runtime;

/// <summary>
/// Decodes camera JPEGs no larger than the detector needs: libjpeg can decode at 1/2, 1/4 or 1/8 scale for a
/// fraction of the work, and a 1080p frame letterboxed to 416 pixels loses nothing when decoded at 960×540.
/// </summary>
public static class ScaledJpegDecoder
{
    private static readonly (int Factor, ImreadModes Mode)[] Reductions =
    [
        (8, ImreadModes.ReducedColor8), (4, ImreadModes.ReducedColor4), (2, ImreadModes.ReducedColor2),
    ];

    /// <summary>The largest reduction that still leaves at least <paramref name="neededWidth"/> × <paramref name="neededHeight"/> pixels.</summary>
    public static ImreadModes ModeFor(int width, int height, int neededWidth, int neededHeight)
    {
        foreach (var (factor, mode) in Reductions)
        {
            if (width / factor >= neededWidth && height / factor >= neededHeight)
            {
                return mode;
            }
        }

        return ImreadModes.Color;
    }

    /// <summary>Decodes to 8-bit BGR; an empty Mat means the data could not be decoded.</summary>
    public static Mat Decode(ReadOnlySpan<byte> jpeg, ImreadModes mode) => Cv2.ImDecode(jpeg, mode);
}
