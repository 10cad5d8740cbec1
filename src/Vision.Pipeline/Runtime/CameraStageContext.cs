using Vision.Pipeline.Cameras;
using Vision.Pipeline.ObjectDetection;

namespace Vision.Pipeline.Runtime;

/// <summary>What a per-camera stage may use of its camera: the definition, the encoded frame history, the events and the detector's class names.</summary>
public sealed record CameraStageContext(CameraDefinition Camera, FrameHistory History, CameraEventHub Events, ObjectClasses Classes);
