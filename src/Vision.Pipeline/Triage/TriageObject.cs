using Vision.Domain.Geometry;
using Vision.Domain.Inference;
using Vision.Domain.TrafficLights;
using Vision.Pipeline.Inference;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.TrafficLights;
using Vision.Pipeline.Triage.Categories;

namespace Vision.Pipeline.Triage;

/// <summary>
/// An object in a citizen photo: its COCO class, what it counts as, the detector's score, its box in the upright
/// photo's pixels and the model that found it. <see cref="LightState"/> is filled for traffic lights only when a
/// light-state reader is registered (<see cref="ITrafficLightStateReader"/>); otherwise null.
/// </summary>
public sealed record TriageObject(
    string ClassName,
    TriageObjectKind Kind,
    float Confidence,
    BoundingBox Box,
    ModelIdentity Model,
    TrafficLightState? LightState);
