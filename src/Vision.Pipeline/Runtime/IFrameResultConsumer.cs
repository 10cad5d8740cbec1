namespace Vision.Pipeline.Runtime;

/// <summary>
/// A stage that must see every processed frame of a camera, in order (rules, evidence). It runs inline on the
/// camera's detect/track loop, so nothing it needs is ever dropped; an exception fails the frame and restarts the camera.
/// </summary>
public interface IFrameResultConsumer
{
    void Consume(FrameResult result);
}
