namespace Vision.Storage;

/// <summary>What asking to close a violation's case came to.</summary>
public enum CaseClosureOutcome
{
    Closed,

    /// <summary>No violation has this id.</summary>
    NotFound,

    /// <summary>Only a confirmed (or corrected) violation has a case to close.</summary>
    NotConfirmed,

    /// <summary>The case was closed before; closing is recorded once.</summary>
    AlreadyClosed,
}
