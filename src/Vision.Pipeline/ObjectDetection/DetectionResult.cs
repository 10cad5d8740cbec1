using Vision.Domain.Inference;
using Vision.Pipeline.Inference;

namespace Vision.Pipeline.ObjectDetection;

/// <summary>Everything one detector run found in one image, in source-pixel coordinates, with the model that found it.</summary>
public sealed record DetectionResult(
    IReadOnlyList<Detection> Detections,
    ObjectClasses Classes,
    ModelIdentity Model,
    ExecutionProvider ExecutionProvider,
    LetterboxTransform Transform,
    DetectionTimings Timings)
{
    public IEnumerable<Detection> OfClass(string name) =>
        Classes.TryGetId(name, out var classId) ? Detections.Where(d => d.ClassId == classId) : [];
}
