namespace Vision.Storage;

/// <summary>What became of a decision.</summary>
public enum DecisionResultKind
{
    Applied,

    /// <summary>No violation has this id.</summary>
    NotFound,

    /// <summary>The decision is incomplete (missing reason, plate or officer); <see cref="DecisionResult.Problem"/> says what.</summary>
    Invalid,

    /// <summary>The violation was already decided when the officer looked at it: decisions are final.</summary>
    AlreadyDecided,

    /// <summary>The violation changed after the officer looked at it (another officer decided first).</summary>
    Conflict,
}

/// <summary>A decision's outcome and the violation as it stands afterwards (null when not found).</summary>
public sealed record DecisionResult(DecisionResultKind Kind, ViolationRecord? Current, string? Problem = null)
{
    /// <summary>
    /// Whether this conflict is the same decision sent again by the officer who made it (a double click, a reply lost and
    /// the request retried): the first applied it, so the second meets the version it made, or a later one (a case
    /// closing since bumps it: the officer was then told another officer had decided). A violation is decided once, so
    /// the same officer's same decision standing is this one. It is answered as saved.
    /// </summary>
    public bool IsRepeatOf(ReviewDecision decision) =>
        this is { Kind: DecisionResultKind.Conflict, Current: { } current }
        && current.DecidedBy == decision.OfficerId && current.Version > decision.ExpectedVersion && current.Status == decision.Outcome
        && current.RejectReason == decision.RejectReason
        && PlateKey.Normalize(current.CorrectedPlate ?? string.Empty) == PlateKey.Normalize(decision.CorrectedPlate ?? string.Empty);
}
