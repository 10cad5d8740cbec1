namespace Vision.Pipeline.Runtime;

/// <summary>A frame the ingest checks refused for what it holds (too large, not a JPEG the service takes), and why in words.</summary>
/// <param name="At">Service clock when it was refused.</param>
public sealed record FrameRefusal(long Sequence, IngestOutcome Outcome, string Detail, DateTimeOffset At);
