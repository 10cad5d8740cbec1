using System.ComponentModel.DataAnnotations;

namespace Vision.Pipeline.Plates;

/// <summary>
/// Which tracks get their plate read, and how often (configuration <c>Vision:Plates</c>). Plate reading is the most
/// expensive per-vehicle work, so it runs only on confirmed vehicle tracks big enough to hold a readable plate, a
/// few vehicles per frame, and stops once a track's plate is settled.
/// </summary>
public sealed class PlateStageOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Vietnamese plates by default; Generic for cameras that see other countries' plates.</summary>
    public PlateGrammarMode Grammar { get; set; } = PlateGrammarMode.Vietnamese;

    /// <summary>A valid read's weakest character needs at least this confidence (<see cref="PlateGrammar"/>).</summary>
    [Range(0.0, 1.0)]
    public float MinimumConfidence { get; set; } = PlateGrammar.DefaultMinimumConfidence;

    /// <summary>A vehicle box smaller than this (pixels, either side) is too far away to read.</summary>
    [Range(8, 4096)]
    public int MinimumVehicleSide { get; set; } = 64;

    /// <summary>Matched detections before a track counts as confirmed for reading.</summary>
    [Range(1, 100)]
    public int MinimumTrackHits { get; set; } = 3;

    /// <summary>Vehicles read per frame at most; those never read go first, then the longest unread.</summary>
    [Range(1, 100)]
    public int MaxVehiclesPerFrame { get; set; } = 3;

    /// <summary>Frames between two reads of the same track.</summary>
    [Range(1, 1000)]
    public int FramesBetweenReads { get; set; } = 2;

    /// <summary>A track whose consensus is stable is read no more.</summary>
    public bool StopWhenStable { get; set; } = true;

    /// <summary>
    /// A watchlist entry this camera raised is raised again for another track only after this long without a read that
    /// hits it (the tracker gives a vehicle it lost and found again a new id), unless the new track hits it more surely.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan WatchlistQuietPeriod { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>These options with another grammar, for a camera that sees other plates.</summary>
    public PlateStageOptions WithGrammar(PlateGrammarMode grammar)
    {
        var copy = (PlateStageOptions)MemberwiseClone();
        copy.Grammar = grammar;
        return copy;
    }
}
