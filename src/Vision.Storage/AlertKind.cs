namespace Vision.Storage;

public enum AlertKind
{
    /// <summary>A new violation was recorded (pending review).</summary>
    Violation,

    /// <summary>A camera read a plate on the watchlist.</summary>
    WatchlistHit,
}
