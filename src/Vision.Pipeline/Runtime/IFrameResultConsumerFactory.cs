namespace Vision.Pipeline.Runtime;

/// <summary>Creates a camera's own instance of a per-camera stage (each camera keeps its own rule and evidence state).</summary>
public interface IFrameResultConsumerFactory
{
    /// <returns>The camera's consumer, or null when the stage does not apply to this camera.</returns>
    IFrameResultConsumer? Create(CameraStageContext camera);
}
