using Vision.Domain.Plates;

namespace Vision.Pipeline.Plates;

/// <summary>What the plate stage made of one frame; immutable, so it can outlive the next frame.</summary>
/// <param name="Plates">The current plate of every track that has one, in the order of the frame's tracks.</param>
/// <param name="NewWatchlistHits">Hits that appeared in this frame: once per track and entry, again only when a later plate hits the entry more surely; an entry the camera raised for another track within <see cref="PlateStageOptions.WatchlistQuietPeriod"/> only when hit more surely.</param>
public sealed record PlateStageResult(IReadOnlyList<TrackPlate> Plates, IReadOnlyList<TrackWatchlistHit> NewWatchlistHits)
{
    public static PlateStageResult None { get; } = new([], []);
}
