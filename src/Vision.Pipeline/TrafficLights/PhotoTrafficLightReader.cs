using OpenCvSharp;
using Vision.Domain.Geometry;
using Vision.Domain.TrafficLights;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Scenes;
using Vision.Pipeline.Triage;

namespace Vision.Pipeline.TrafficLights;

/// <summary>
/// Reads a detected traffic light in a still photo with <see cref="TrafficLightClassifier"/>; without a scene to say
/// how the lamps are laid out, a housing taller than wide is taken as vertical.
/// </summary>
public sealed class PhotoTrafficLightReader : ITrafficLightStateReader
{
    public TrafficLightState Read(Mat photo, BoundingBox lightBox)
    {
        ArgumentNullException.ThrowIfNull(photo);
        var layout = lightBox.Height >= lightBox.Width ? LampLayout.Vertical : LampLayout.Horizontal;
        var left = (int)MathF.Floor(lightBox.Left);
        var top = (int)MathF.Floor(lightBox.Top);
        var region = new Rect(left, top, (int)MathF.Ceiling(lightBox.Right) - left, (int)MathF.Ceiling(lightBox.Bottom) - top);
        return TrafficLightClassifier.Classify(photo, region, layout).State;
    }
}
