using Vision.Pipeline.ObjectDetection;

namespace Vision.Pipeline.Analysis;

/// <summary>The objects in one photo, each tied to the detector run (model, canvas, timings) that found it.</summary>
public sealed record PhotoDetections(IReadOnlyList<AttributedDetection> Objects, IReadOnlyList<DetectionResult> Runs)
{
    public string ClassNameOf(AttributedDetection found) => Runs[found.RunIndex].Classes.NameOf(found.Detection.ClassId);

    public IEnumerable<AttributedDetection> OfClass(string name) => Objects.Where(found => ClassNameOf(found) == name);

    public DetectionTimings TotalTimings => new(
        TimeSpan.FromTicks(Runs.Sum(run => run.Timings.Preprocess.Ticks)),
        TimeSpan.FromTicks(Runs.Sum(run => run.Timings.Inference.Ticks)),
        TimeSpan.FromTicks(Runs.Sum(run => run.Timings.Postprocess.Ticks)));

    public static PhotoDetections Single(DetectionResult run) =>
        new(run.Detections.Select(found => new AttributedDetection(found, 0)).ToList(), [run]);
}
