using Vision.Domain.Inference;
using Vision.Domain.Plates.Consensus;

namespace Vision.Domain.Plates;

/// <summary>The plate decided so far for one vehicle track, and the watchlist entries it matches.</summary>
public sealed record TrackPlate(long TrackId, PlateConsensusResult Consensus, IReadOnlyList<WatchlistHit> WatchlistHits)
{
    /// <summary>The models that found and read this track's plate (locator, readers), in the order first used: a
    /// violation names them beside the detector.</summary>
    public IReadOnlyList<ModelIdentity> Models { get; init; } = [];
}
