using Vision.Pipeline.Runtime;

namespace Vision.Service.Grpc;

/// <summary>
/// Where a gateway's frames go once the stream checked them: straight into the camera's pipeline on this node
/// (<see cref="LocalFrameIntake"/>), or in cluster mode onto the shared frame stream for whichever node owns the camera.
/// </summary>
public interface IFrameIntake
{
    /// <summary>The newest sequence accepted for the camera (-1: none), where a reconnecting gateway resumes.</summary>
    ValueTask<long> LastAcceptedSequenceAsync(CameraPipeline camera, CancellationToken cancellationToken);

    /// <summary>Takes one frame; <see cref="IngestOutcome.Accepted"/> means it will be processed (or its drop reported).</summary>
    ValueTask<IngestOutcome> IngestAsync(CameraPipeline camera, EncodedFrame frame, CancellationToken cancellationToken);

    /// <summary>The largest frame this intake carries for the camera, told to the gateway as its stream opens.</summary>
    int MaxFrameBytes(CameraPipeline camera);

    /// <summary>Why the frame with this sequence was just refused as too large or corrupt, in words; null when not known.</summary>
    string? RefusalDetail(CameraPipeline camera, long sequence);
}

/// <summary>One process on its own: the camera's pipeline on this node takes the frame (never waits; drops the oldest when full).</summary>
public sealed class LocalFrameIntake : IFrameIntake
{
    public ValueTask<long> LastAcceptedSequenceAsync(CameraPipeline camera, CancellationToken cancellationToken) =>
        ValueTask.FromResult(camera.LastAcceptedSequence);

    public ValueTask<IngestOutcome> IngestAsync(CameraPipeline camera, EncodedFrame frame, CancellationToken cancellationToken) =>
        ValueTask.FromResult(camera.TryIngest(frame));

    public int MaxFrameBytes(CameraPipeline camera) => camera.Definition.MaxFrameBytes;

    public string? RefusalDetail(CameraPipeline camera, long sequence) =>
        camera.LastRefusal is { } refusal && refusal.Sequence == sequence ? refusal.Detail : null;
}
