namespace Vision.Pipeline.Runtime;

/// <summary>Something that happened to a camera's frames after ingest, as told to its observers.</summary>
public abstract record CameraEvent(string CameraId, long Sequence);

public sealed record FrameDroppedEvent(string CameraId, long Sequence, DropReason Reason) : CameraEvent(CameraId, Sequence);

public sealed record FrameCompletedEvent(FrameResult Result) : CameraEvent(Result.CameraId, Result.Sequence);

/// <summary>A vehicle's plate matched the watchlist (raised once per track and entry) in the frame captured at <paramref name="CapturedAt"/>.</summary>
/// <param name="TrackFirstSeen">When the track began: with its id, it names the vehicle's passage even after a restart renumbers tracks.</param>
public sealed record WatchlistHitEvent(
    string CameraId, long Sequence, DateTimeOffset CapturedAt, long TrackId, DateTimeOffset TrackFirstSeen, Vision.Domain.Plates.Consensus.WatchlistHit Hit)
    : CameraEvent(CameraId, Sequence);
