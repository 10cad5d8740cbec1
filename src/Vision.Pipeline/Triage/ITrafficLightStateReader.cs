using OpenCvSharp;
using Vision.Domain.Geometry;
using Vision.Domain.TrafficLights;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.TrafficLights;

namespace Vision.Pipeline.Triage;

/// <summary>
/// Reads the colour a traffic light shows in a still photo. Optional: triage reports traffic lights as objects and
/// asks for their state only when an implementation is registered.
/// </summary>
public interface ITrafficLightStateReader
{
    /// <summary>The light's state from the upright BGR photo (borrowed for the call) and the light's box in its pixels.</summary>
    TrafficLightState Read(Mat photo, BoundingBox lightBox);
}
