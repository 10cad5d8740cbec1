using System.Diagnostics;
using Vision.Pipeline.Tracing;

namespace Vision.Pipeline.Analysis;

/// <summary>The tags of a photo's detect span (kept beside the analysis so tracing never needs to know it).</summary>
internal static class PhotoDetectSpan
{
    /// <summary>Tags the span with the profile, the models that ran and what they found.</summary>
    internal static void Tag(Activity? span, DetectionProfile profile, PhotoDetections detections) =>
        span?.SetTag(SpanAttributes.DetectionProfile, profile.ToString())
            .SetTag(SpanAttributes.ModelName, string.Join(',', detections.Runs.Select(run => run.Model.Name).Distinct()))
            .SetTag(SpanAttributes.DetectionCount, detections.Objects.Count);
}
