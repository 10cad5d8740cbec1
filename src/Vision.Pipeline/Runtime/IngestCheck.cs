using Vision.Pipeline.Cameras;
using Vision.Pipeline.Imaging;

namespace Vision.Pipeline.Runtime;

/// <summary>
/// The checks a gateway's frame passes at ingest, in order: its sequence (a resend, out of order, or too far ahead),
/// its size, and its JPEG structure read from the header; with the record of accepted sequences the first needs. A
/// camera's pipeline makes them, and in a cluster so does the node that receives the gateway's stream. Not
/// thread-safe: its owner serialises the calls (<see cref="LastAccepted"/> may be read from any thread).
/// </summary>
public sealed class IngestCheck
{
    /// <summary>How many of the newest accepted sequences are remembered to tell a resend from an out-of-order frame.</summary>
    private const int RecentSequenceWindow = 256;

    private readonly CameraDefinition _camera;
    private readonly SafeImageDecoder _headerCheck;
    private readonly HashSet<long> _recent = [];
    private readonly Queue<long> _recentOrder = new();
    private long _lastAccepted = -1;
    private long _resumedAfter = -1;
    private DateTimeOffset? _lastAcceptedCapturedAt;

    /// <summary>A jump past the camera's limit is taken when the capture times lie this far apart at this many frames a
    /// second: a gateway that numbers frames as the camera takes them, back after days cut off, is not locked out.</summary>
    public const int MaxFramesPerSecond = 100;

    public IngestCheck(CameraDefinition camera)
    {
        _camera = camera;
        _headerCheck = new SafeImageDecoder(new ImageLimits { MaxEncodedBytes = camera.MaxFrameBytes, MinSide = 16 });
    }

    /// <summary>Why the latest frame refused as too large, corrupt or too far ahead was refused, in words (its sequence and the reason).</summary>
    public (long Sequence, string Detail)? LastRefusal { get; private set; }

    /// <summary>The newest sequence accepted (or resumed after); -1 before the first.</summary>
    public long LastAccepted => Interlocked.Read(ref _lastAccepted);

    /// <summary>
    /// Whether the frame may be taken, and why not; <paramref name="header"/> is its header when it got that far.
    /// Records nothing: <see cref="Accept"/> does, once the caller has taken the frame.
    /// </summary>
    public IngestOutcome Check(EncodedFrame frame, out ImageHeader? header)
    {
        header = null;
        if (frame.Sequence <= _lastAccepted)
        {
            // Before the remembered window or the resume point, a frame is taken for a resend: nothing tells otherwise.
            return _recent.Contains(frame.Sequence) || frame.Sequence <= _resumedAfter || frame.Sequence <= _lastAccepted - RecentSequenceWindow
                ? IngestOutcome.Duplicate
                : IngestOutcome.OutOfOrder;
        }

        var jump = frame.Sequence - _lastAccepted;
        if (_lastAccepted >= 0 && jump > _camera.MaxSequenceJump && !CaptureTimesSpan(jump, frame.CapturedAt))
        {
            LastRefusal = (frame.Sequence, $"sequence {frame.Sequence} is {jump} after the last accepted, {_lastAccepted}; the camera takes at most " +
                $"{_camera.MaxSequenceJump} ahead (MaxSequenceJump)" + (_lastAcceptedCapturedAt is null
                    ? ""
                    : $", or as many as its capture times allow at {MaxFramesPerSecond} frames a second"));
            return IngestOutcome.SequenceJump;
        }

        if (frame.Jpeg.Length > _camera.MaxFrameBytes)
        {
            LastRefusal = (frame.Sequence, $"the frame holds {frame.Jpeg.Length} bytes; the camera takes at most {_camera.MaxFrameBytes} (MaxFrameBytes)");
            return IngestOutcome.TooLarge;
        }

        var rejection = _headerCheck.Inspect(frame.Jpeg.Span, out header);
        if (rejection is null && header!.Format == "JPEG")
        {
            return IngestOutcome.Accepted;
        }

        // CORRUPT covers every image refused from its header: say which check, or an operator chases a broken camera
        // when its frames are a panorama wider than the limits, a PNG, or too few bytes for their pixels.
        LastRefusal = (frame.Sequence, rejection?.Message ?? $"the frame is a {header!.Format} image; cameras send JPEG");
        return IngestOutcome.Corrupt;
    }

    private bool CaptureTimesSpan(long jump, DateTimeOffset capturedAt) =>
        _lastAcceptedCapturedAt is { } last && capturedAt > last && jump <= (capturedAt - last).TotalSeconds * MaxFramesPerSecond;

    /// <summary>The frame passed <see cref="Check"/> and was taken: it is the newest now.</summary>
    public void Accept(long sequence, DateTimeOffset capturedAt)
    {
        Interlocked.Exchange(ref _lastAccepted, sequence);
        _lastAcceptedCapturedAt = capturedAt;
        _recent.Add(sequence);
        _recentOrder.Enqueue(sequence);
        if (_recentOrder.Count > RecentSequenceWindow)
        {
            _recent.Remove(_recentOrder.Dequeue());
        }
    }

    /// <summary>Frames up to <paramref name="sequence"/> were taken before (kept in the store, or on a cluster's frame stream): they are resends now.</summary>
    /// <param name="capturedNoLaterThan">When known, a time the resume point's frame was captured before (its checkpoint's
    /// save time plus the capture lead allowed): a jump after it is judged against it, so a restart does not lock a
    /// gateway back after days cut off out for good. Unknown, a jump past the camera's limit is refused.</param>
    public void ResumeAfter(long sequence, DateTimeOffset? capturedNoLaterThan = null)
    {
        if (sequence > _lastAccepted)
        {
            Interlocked.Exchange(ref _lastAccepted, sequence);
            _resumedAfter = sequence;
            _lastAcceptedCapturedAt = capturedNoLaterThan;
        }
    }

    /// <summary>An accepted frame that was never kept after all (its store could not be reached): the gateway may send it again.</summary>
    public void Forget(long sequence, long previous)
    {
        _recent.Remove(sequence);
        if (_lastAccepted == sequence)
        {
            Interlocked.Exchange(ref _lastAccepted, previous);
            _lastAcceptedCapturedAt = null;
        }
    }
}
