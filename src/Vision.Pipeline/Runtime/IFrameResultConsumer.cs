namespace Vision.Pipeline.Runtime;

/// <summary>
/// A stage that must see every processed frame of a camera, in order (rules, evidence). It runs inline on the
/// camera's detect/track loop, so nothing it needs is ever dropped; an exception fails the frame and restarts the camera.
/// </summary>
public interface IFrameResultConsumer
{
    /// <param name="result">What the pipeline made of the frame, in full-resolution source pixels.</param>
    /// <param name="pixels">The frame's decoded pixels, borrowed for the duration of the call.</param>
    void Consume(FrameResult result, FramePixels pixels);

    /// <summary>The camera stopped for good here (the service stops, or another node takes it): report what is still running.</summary>
    void Complete()
    {
    }
}
