using Vision.Domain.Plates.Consensus;

namespace Vision.Domain.Plates;

/// <summary>The plate decided so far for one vehicle track, and the watchlist entries it matches.</summary>
public sealed record TrackPlate(long TrackId, PlateConsensusResult Consensus, IReadOnlyList<WatchlistHit> WatchlistHits);
