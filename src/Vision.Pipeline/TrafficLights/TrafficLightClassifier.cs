using OpenCvSharp;
using Vision.Domain.TrafficLights;
using Vision.Pipeline.Scenes;

namespace Vision.Pipeline.TrafficLights;

/// <summary>
/// Reads a traffic light's state from one image region: bright, saturated pixels vote for red, yellow or green by
/// hue (OpenCV HSV); when the colours do not decide (washed-out lamps, white LEDs), the position of the brightest
/// lamp along the housing does (red on top or left, green at the bottom or right).
/// </summary>
public static class TrafficLightClassifier
{
    private const int MinValue = 140;
    private const int MinSaturation = 80;
    private const double MinVoteFraction = 0.01;
    private const int MinVotes = 3;
    private const double Dominance = 1.5;
    private const double MinLampBrightness = 110;
    private const double LampContrast = 1.25;

    /// <param name="region">The housing in <paramref name="bgr"/>'s pixels; clipped to the image.</param>
    public static LightReading Classify(Mat bgr, Rect region, LampLayout layout)
    {
        var clipped = region.Intersect(new Rect(0, 0, bgr.Width, bgr.Height));
        if (clipped.Width < 2 || clipped.Height < 2)
        {
            return default;
        }

        using var roi = new Mat(bgr, clipped);
        using var hsv = new Mat();
        Cv2.CvtColor(roi, hsv, ColorConversionCodes.BGR2HSV);
        var red = Count(hsv, 0, 10) + Count(hsv, 160, 180);
        var yellow = Count(hsv, 11, 34);
        var green = Count(hsv, 40, 100);
        var minVotes = Math.Max(MinVotes, (int)(MinVoteFraction * clipped.Width * clipped.Height));
        var byColour = Decide(red, yellow, green, minVotes);
        if (byColour != TrafficLightState.Unknown)
        {
            return new LightReading(byColour, red, yellow, green, FromLampPosition: false);
        }

        return new LightReading(ByBrightestLamp(hsv, layout), red, yellow, green, FromLampPosition: true);
    }

    private static int Count(Mat hsv, int minHue, int maxHue)
    {
        using var mask = new Mat();
        Cv2.InRange(hsv, new Scalar(minHue, MinSaturation, MinValue), new Scalar(maxHue, 255, 255), mask);
        return Cv2.CountNonZero(mask);
    }

    private static TrafficLightState Decide(int red, int yellow, int green, int minVotes)
    {
        var best = Math.Max(red, Math.Max(yellow, green));
        if (best < minVotes)
        {
            return TrafficLightState.Unknown;
        }

        var second = red == best ? Math.Max(yellow, green) : yellow == best ? Math.Max(red, green) : Math.Max(red, yellow);
        if (best < Dominance * second)
        {
            return TrafficLightState.Unknown;
        }

        return red == best ? TrafficLightState.Red : yellow == best ? TrafficLightState.Yellow : TrafficLightState.Green;
    }

    private static TrafficLightState ByBrightestLamp(Mat hsv, LampLayout layout)
    {
        Span<double> brightness = stackalloc double[3];
        for (var lamp = 0; lamp < 3; lamp++)
        {
            var section = layout == LampLayout.Vertical
                ? new Rect(0, lamp * hsv.Height / 3, hsv.Width, Math.Max(1, hsv.Height / 3))
                : new Rect(lamp * hsv.Width / 3, 0, Math.Max(1, hsv.Width / 3), hsv.Height);
            using var part = new Mat(hsv, section);
            brightness[lamp] = Cv2.Mean(part).Val2;
        }

        var brightest = brightness[0] >= brightness[1] ? (brightness[0] >= brightness[2] ? 0 : 2) : (brightness[1] >= brightness[2] ? 1 : 2);
        var others = 0.0;
        for (var lamp = 0; lamp < 3; lamp++)
        {
            others = lamp == brightest ? others : Math.Max(others, brightness[lamp]);
        }

        if (brightness[brightest] < MinLampBrightness || brightness[brightest] < LampContrast * others)
        {
            return TrafficLightState.Unknown;
        }

        return brightest switch
        {
            0 => TrafficLightState.Red,
            1 => TrafficLightState.Yellow,
            _ => TrafficLightState.Green,
        };
    }
}
