namespace Vision.Pipeline.Tracking;

/// <summary>Where a track stands in its life cycle.</summary>
public enum TrackState
{
    /// <summary>Started from a detection but not yet seen often enough to be trusted.</summary>
    Tentative,

    /// <summary>Matched to a detection in the latest frame.</summary>
    Tracked,

    /// <summary>Not matched in the latest frame; its box is the motion model's prediction until it is found again or expires.</summary>
    Lost,
}
