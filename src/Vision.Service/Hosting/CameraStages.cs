using Vision.Domain.Violations;
using Vision.Pipeline.Evidence;
using Vision.Pipeline.Rules;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.StreetOrder;

namespace Vision.Service.Hosting;

/// <summary>
/// One camera's stages after tracking, read top to bottom: its evidence feed (when evidence is on) is the one way its
/// violations enter evidence; the log and the camera's event hub observe them after; the rule and street-order stages
/// submit to that chain. Each frame reaches the evidence feed first (it releases what waited for this frame), then the
/// rules, then street order.
/// </summary>
/// <param name="rules">Null when no camera has rules.</param>
/// <param name="streetOrder">Null when street order is off.</param>
/// <param name="evidence">Null when evidence is off: violations are then only logged and told.</param>
public sealed class CameraStages(
    RuleStageFactory? rules,
    StreetOrderStageFactory? streetOrder,
    EvidenceRecorder? evidence,
    ILogger<ViolationEventSink> violationLog) : ICameraStages
{
    public IReadOnlyList<IFrameResultConsumer> Create(CameraStageContext camera)
    {
        var feed = evidence?.Open(camera);
        var observers = new ViolationEventSink(violationLog, camera.Events);
        IViolationSink violations = feed is null ? observers : new ChainedViolationSink(feed, [observers]);
        IFrameResultConsumer?[] stages = [feed, rules?.Create(camera, violations), streetOrder?.Create(camera, violations)];
        return [.. stages.OfType<IFrameResultConsumer>()];
    }
}
