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
public sealed record DecisionResult(DecisionResultKind Kind, ViolationRecord? Current, string? Problem = null);
