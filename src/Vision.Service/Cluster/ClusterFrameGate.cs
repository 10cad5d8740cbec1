using Vision.Pipeline.Cameras;
using Vision.Pipeline.Runtime;

namespace Vision.Service.Cluster;

/// <summary>
/// The checks a camera's pipeline makes at ingest (order, size, JPEG structure), made by the node that receives a
/// gateway's stream before the frame goes onto the frame stream, so the stream holds only frames the owner will take.
/// Its resume point comes from the stream itself, so a gateway that reconnects to another node resumes where it was.
/// </summary>
public sealed class ClusterFrameGate(CameraDefinition camera)
{
    private readonly IngestCheck _check = new(camera);
    private readonly Lock _gate = new();

    public long LastAccepted => _check.LastAccepted;

    /// <summary>Why the frame was refused as too large, corrupt or too far ahead, when it was the latest so refused.</summary>
    public string? RefusalDetail(long sequence)
    {
        lock (_gate)
        {
            return _check.LastRefusal is { } refusal && refusal.Sequence == sequence ? refusal.Detail : null;
        }
    }

    /// <summary>The newest sequence on the frame stream (another node may have taken frames of this camera since), and its
    /// frame's capture time when the message says.</summary>
    public void CatchUp(long lastOnStream, DateTimeOffset? capturedAt = null)
    {
        lock (_gate)
        {
            _check.ResumeAfter(lastOnStream, capturedAt);
        }
    }

    /// <summary>Accepted, or why not; an accepted frame counts as the newest until <see cref="Forget"/> takes it back.</summary>
    public IngestOutcome Admit(EncodedFrame frame)
    {
        lock (_gate)
        {
            var outcome = _check.Check(frame, out _);
            if (outcome == IngestOutcome.Accepted)
            {
                _check.Accept(frame.Sequence, frame.CapturedAt);
            }

            return outcome;
        }
    }

    /// <summary>A frame admitted but never stored on the stream (NATS unreachable): the gateway may send it again.</summary>
    public void Forget(long sequence, long previous)
    {
        lock (_gate)
        {
            _check.Forget(sequence, previous);
        }
    }
}
