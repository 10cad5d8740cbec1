namespace Vision.Pipeline.Runtime;

/// <summary>What ingest did with a frame the moment it arrived (documented in camera_ingest.proto).</summary>
public enum IngestOutcome
{
    /// <summary>Queued for processing; it will be processed, fail to decode, or be dropped, and each is reported.</summary>
    Accepted,

    /// <summary>A sequence number already accepted (a gateway resending after a reconnect); ignored.</summary>
    Duplicate,

    /// <summary>Older than the newest accepted frame but never seen: frames must arrive in capture order.</summary>
    OutOfOrder,

    /// <summary>More bytes than the camera's frame limit.</summary>
    TooLarge,

    /// <summary>Not a complete JPEG of acceptable size (checked from the header, without decoding).</summary>
    Corrupt,

    /// <summary>The service is shutting down and takes no new frames.</summary>
    ShuttingDown,

    /// <summary>The capture time is not plausible (outside the window around the server's clock).</summary>
    CaptureTimeImplausible,

    /// <summary>The sequence number jumps further past the last accepted one than the camera allows.</summary>
    SequenceJump,
}
