namespace Vision.Storage;

/// <summary>Where a violation stands in police review. Only <see cref="Pending"/> may change, and only once.</summary>
public enum ReviewStatus
{
    Pending,
    Confirmed,
    Rejected,

    /// <summary>Confirmed with a corrected plate (the machine read is kept beside it).</summary>
    Corrected,
}
