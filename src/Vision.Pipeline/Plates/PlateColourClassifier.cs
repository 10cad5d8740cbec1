using OpenCvSharp;
using Vision.Domain.Plates;

namespace Vision.Pipeline.Plates;

/// <summary>
/// The background colour of a plate crop, from HSV pixel counts: the background is most of the plate, while the
/// characters are dark (on white and yellow) or white (on blue and red), so the characters never win the vote.
/// </summary>
public static class PlateColourClassifier
{
    // The winning colour must cover at least this share of the crop; below it the crop is mostly something else.
    private const double MinimumShare = 0.2;

    public static PlateColour Classify(Mat plateCrop)
    {
        ArgumentNullException.ThrowIfNull(plateCrop);
        if (plateCrop.Empty() || plateCrop.Type() != MatType.CV_8UC3)
        {
            return PlateColour.Unknown;
        }

        using var hsv = new Mat();
        Cv2.CvtColor(plateCrop, hsv, ColorConversionCodes.BGR2HSV);
        // OpenCV hue runs 0–179: yellow ≈ 15–35, blue ≈ 95–130, red wraps around 0.
        var counts = new Dictionary<PlateColour, int>
        {
            [PlateColour.White] = Count(hsv, new Scalar(0, 0, 120), new Scalar(179, 60, 255)),
            [PlateColour.Yellow] = Count(hsv, new Scalar(15, 70, 90), new Scalar(38, 255, 255)),
            [PlateColour.Blue] = Count(hsv, new Scalar(95, 80, 50), new Scalar(130, 255, 255)),
            [PlateColour.Red] = Count(hsv, new Scalar(0, 90, 60), new Scalar(8, 255, 255)) + Count(hsv, new Scalar(165, 90, 60), new Scalar(179, 255, 255)),
        };
        var (colour, count) = counts.MaxBy(pair => pair.Value);
        return count >= MinimumShare * plateCrop.Width * plateCrop.Height ? colour : PlateColour.Unknown;
    }

    private static int Count(Mat hsv, Scalar lower, Scalar upper)
    {
        using var mask = new Mat();
        Cv2.InRange(hsv, lower, upper, mask);
        return Cv2.CountNonZero(mask);
    }
}
