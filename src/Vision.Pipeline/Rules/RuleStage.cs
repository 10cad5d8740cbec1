using Vision.Domain.Violations;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.Tracing;

namespace Vision.Pipeline.Rules;

/// <summary>One camera's rule stage on its detect loop: reads the lights from the frame's pixels, runs the rules and hands each violation to the sink.</summary>
public sealed class RuleStage(RuleEngine engine, IViolationSink sink, int trafficLightClassId) : IFrameResultConsumer
{
    public RuleEngine Engine { get; } = engine;

    public void Consume(FrameResult result, FramePixels pixels)
    {
        if (result.Outcome != FrameOutcome.Processed || result.Width <= 0 || result.Height <= 0)
        {
            return;
        }

        using var span = PipelineTracing.Source.StartActivity(SpanNames.FrameRules);
        var geometry = Engine.Scene.GeometryFor(result.Width, result.Height);
        Engine.Lights.Read(pixels.Bgr, pixels.ScaleToSourceX, pixels.ScaleToSourceY, geometry, result.Detections, trafficLightClassId,
            result.Sequence, result.CapturedAt);
        var raised = 0;
        foreach (var violation in Engine.Evaluate(result.Sequence, result.CapturedAt, result.Width, result.Height, result.Tracks, result.Model, result.Plates))
        {
            sink.Submit(violation);
            raised++;
        }

        span?.SetTag(SpanAttributes.ViolationCount, raised);
    }
}
