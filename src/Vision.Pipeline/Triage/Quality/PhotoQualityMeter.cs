using OpenCvSharp;

namespace Vision.Pipeline.Triage.Quality;

/// <summary>Measures <see cref="PhotoQuality"/> on a grey copy whose long side is <c>normalizedLongSide</c> pixels.</summary>
public static class PhotoQualityMeter
{
    public const byte DarkLevel = 20;
    public const byte BrightLevel = 250;

    public static PhotoQuality Measure(Mat bgr, int normalizedLongSide)
    {
        using var grey = NormalizedGrey(bgr, normalizedLongSide);
        using var laplacian = new Mat();
        Cv2.Laplacian(grey, laplacian, MatType.CV_64F);
        Cv2.MeanStdDev(laplacian, out _, out var deviation);
        var pixels = (double)grey.Rows * grey.Cols;
        using var dark = new Mat();
        Cv2.Threshold(grey, dark, DarkLevel, 255, ThresholdTypes.BinaryInv);
        using var bright = new Mat();
        Cv2.Threshold(grey, bright, BrightLevel - 1, 255, ThresholdTypes.Binary);
        return new PhotoQuality(
            bgr.Width,
            bgr.Height,
            deviation.Val0 * deviation.Val0,
            Cv2.Mean(grey).Val0,
            Cv2.CountNonZero(dark) / pixels,
            Cv2.CountNonZero(bright) / pixels);
    }

    /// <summary>8-bit grey, scaled with area averaging so that the long side is <paramref name="longSide"/> (never enlarged).</summary>
    public static Mat NormalizedGrey(Mat bgr, int longSide)
    {
        var grey = new Mat();
        Cv2.CvtColor(bgr, grey, ColorConversionCodes.BGR2GRAY);
        var scale = (double)longSide / Math.Max(bgr.Width, bgr.Height);
        if (scale >= 1)
        {
            return grey;
        }

        var resized = new Mat();
        Cv2.Resize(grey, resized, new Size(Math.Max(1, (int)Math.Round(bgr.Width * scale)), Math.Max(1, (int)Math.Round(bgr.Height * scale))),
            0, 0, InterpolationFlags.Area);
        grey.Dispose();
        return resized;
    }
}
