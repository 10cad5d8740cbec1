using Google.Protobuf.WellKnownTypes;
using Vision.Contracts.V1;
using Vision.Pipeline.Analysis;
using Vision.Pipeline.ObjectDetection;

namespace Vision.Service.Grpc;

/// <summary>Pipeline results to contract messages.</summary>
public static class PhotoAnalysisMapping
{
    public static AnalyzePhotoResponse ToResponse(PhotoAnalysisResult result)
    {
        var detections = result.Detections;
        var timings = detections.TotalTimings;
        var response = new AnalyzePhotoResponse
        {
            ImageWidth = result.Width,
            ImageHeight = result.Height,
            ImageFormat = result.Header.Format.ToUpperInvariant(),
            Resolution = result.Profile == DetectionProfile.HighResolution ? DetectionResolution.High : DetectionResolution.Standard,
            Timings = new StageTimings
            {
                Decode = Duration.FromTimeSpan(result.DecodeTime),
                Preprocess = Duration.FromTimeSpan(timings.Preprocess),
                Inference = Duration.FromTimeSpan(timings.Inference),
                Postprocess = Duration.FromTimeSpan(timings.Postprocess),
                Total = Duration.FromTimeSpan(result.DecodeTime + timings.Total),
            },
        };
        response.Detectors.AddRange(detections.Runs.Select(ToModelInfo));
        foreach (var found in detections.Objects)
        {
            response.Objects.Add(ToMessage(found, detections));
        }

        return response;
    }

    public static ModelInfo ToModelInfo(DetectionResult run) => new()
    {
        Name = run.Model.Name,
        Sha256 = run.Model.Sha256,
        ExecutionProvider = run.ExecutionProvider.ToString(),
        InputWidth = run.Transform.CanvasWidth,
        InputHeight = run.Transform.CanvasHeight,
    };

    public static DetectedObject ToMessage(AttributedDetection found, PhotoDetections detections)
    {
        var box = found.Detection.Box;
        return new DetectedObject
        {
            ClassId = found.Detection.ClassId,
            ClassName = detections.ClassNameOf(found),
            Score = found.Detection.Confidence,
            Box = new PixelBox { Left = box.Left, Top = box.Top, Right = box.Right, Bottom = box.Bottom },
            DetectorIndex = found.RunIndex,
        };
    }
}
