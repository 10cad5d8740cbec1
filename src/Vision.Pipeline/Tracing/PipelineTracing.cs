using System.Diagnostics;
using Vision.Pipeline.Imaging;

namespace Vision.Pipeline.Tracing;

/// <summary>
/// The pipeline's spans (OpenTelemetry traces through <see cref="ActivitySource"/>). With no listener, and tracing is
/// off by default, <c>StartActivity</c> returns null at the cost of one check: every tag is set through <c>?.</c>.
/// Spans carry identifiers and counts only, never plate text or anything else that names a person.
/// </summary>
public static class PipelineTracing
{
    public const string SourceName = "Vision.Pipeline";

    internal static readonly ActivitySource Source = new(SourceName, typeof(PipelineTracing).Assembly.GetName().Version?.ToString());

    /// <summary>
    /// Starts an accepted camera frame's trace: a trace of its own, linked to the current one (the gateway's stream,
    /// which lives for hours), and not made current. Camera and sequence are known to samplers from the start.
    /// </summary>
    internal static Activity? StartFrame(string cameraId, long sequence)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var caller = Activity.Current;
        Activity.Current = null;
        try
        {
            return Source.StartActivity(SpanNames.Frame, ActivityKind.Consumer, parentContext: default,
                tags: [new(SpanAttributes.CameraId, cameraId), new(SpanAttributes.FrameSequence, sequence)],
                links: caller is null ? null : [new ActivityLink(caller.Context)]);
        }
        finally
        {
            Activity.Current = caller;
        }
    }

    /// <summary>A photo's decode span: format and size, or why the photo was refused.</summary>
    internal static Activity? StartDecode(string name) => Source.StartActivity(name);

    internal static void Decoded(Activity? span, ImageDecodeResult decoded)
    {
        if (span is null)
        {
            return;
        }

        if (decoded.Rejection is { } rejection)
        {
            span.SetTag(SpanAttributes.RejectionReason, rejection.Reason.ToString()).SetStatus(ActivityStatusCode.Error, rejection.Reason.ToString());
            return;
        }

        span.SetTag(SpanAttributes.ImageFormat, decoded.Image!.Header.Format)
            .SetTag(SpanAttributes.ImageWidth, decoded.Image.Width).SetTag(SpanAttributes.ImageHeight, decoded.Image.Height);
    }

    /// <summary>A child span of <paramref name="parent"/> that covers an interval already measured (a wait in a queue).</summary>
    internal static void RecordInterval(string name, Activity? parent, DateTime startUtc, DateTime endUtc)
    {
        if (parent is null)
        {
            return;
        }

        var caller = Activity.Current;
        using (var span = Source.StartActivity(name, ActivityKind.Internal, parent.Context, startTime: startUtc))
        {
            span?.SetEndTime(endUtc);
        }

        Activity.Current = caller;
    }
}
