using Vision.Pipeline.Runtime;

namespace Vision.Pipeline.Tests.Support;

/// <summary>A camera's stages wired by a test, in the order each frame reaches them (the service's are composed by CameraStages).</summary>
internal sealed class WiredStages(Func<CameraStageContext, IEnumerable<IFrameResultConsumer?>> wire) : ICameraStages
{
    public IReadOnlyList<IFrameResultConsumer> Create(CameraStageContext camera) => [.. wire(camera).OfType<IFrameResultConsumer>()];
}
