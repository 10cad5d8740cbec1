namespace Vision.Pipeline.Plates.Consensus;

/// <summary>Weighting, clustering, memory and stability settings of <see cref="PlateConsensus"/>.</summary>
public sealed class PlateConsensusOptions
{
    /// <summary>
    /// The crop height (pixels) from which height no longer limits a read's quality. Plate readers run on crops
    /// resized to about 32–48 pixels high; a smaller crop has been upscaled and its characters guessed.
    /// </summary>
    public int FullQualityCropHeight { get; set; } = 40;

    /// <summary>
    /// The Laplacian variance at which sharpness halves a read's quality. About 100 is the usual "blurred" threshold
    /// for 8-bit crops.
    /// </summary>
    public double HalfQualitySharpness { get; set; } = 100;

    /// <summary>What a read that does not fit any plate format is worth, relative to one that does.</summary>
    public double InvalidPlateFactor { get; set; } = 0.3;

    /// <summary>
    /// Reads at most this many edits apart fall into one cluster, a substitution of characters readers confuse (0/D/O,
    /// 8/B, ...) counting half an edit. One real edit (a wrong, dropped or extra character) or two confusions is the
    /// usual misread of a 7–9 character plate; two real edits is as often a neighbouring vehicle's plate.
    /// </summary>
    public int MaxClusterEditDistance { get; set; } = 1;

    /// <summary>The most observations a track keeps; when full, the lowest-weight one is dropped.</summary>
    public int MaxObservations { get; set; } = 50;

    /// <summary>The winning cluster's share of the total weight from which the decision counts as stable.</summary>
    public double StableScore { get; set; } = 0.6;

    /// <summary>The reads the winning cluster needs for the decision to count as stable.</summary>
    public int StableSupportingReads { get; set; } = 5;
}
