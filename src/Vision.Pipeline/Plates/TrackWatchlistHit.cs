using Vision.Domain.Plates.Consensus;

namespace Vision.Pipeline.Plates;

/// <summary>A watchlist entry a track's plate consensus matched for the first time.</summary>
public readonly record struct TrackWatchlistHit(long TrackId, WatchlistHit Hit);
