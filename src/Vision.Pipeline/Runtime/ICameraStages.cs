namespace Vision.Pipeline.Runtime;

/// <summary>Builds one camera's own per-frame stages (each camera keeps its own rule, street-order and evidence state).</summary>
public interface ICameraStages
{
    /// <returns>The camera's stages, in the order each processed frame reaches them.</returns>
    IReadOnlyList<IFrameResultConsumer> Create(CameraStageContext camera);
}
