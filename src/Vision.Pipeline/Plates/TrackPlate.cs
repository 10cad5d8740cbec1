using Vision.Pipeline.Plates.Consensus;

namespace Vision.Pipeline.Plates;

/// <summary>The plate decided so far for one vehicle track, and the watchlist entries it matches.</summary>
public sealed record TrackPlate(long TrackId, PlateConsensusResult Consensus, IReadOnlyList<WatchlistHit> WatchlistHits);
