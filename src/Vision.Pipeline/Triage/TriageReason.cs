namespace Vision.Pipeline.Triage;

/// <summary>
/// One reason behind a legitimacy score: a stable code clients switch on (<see cref="TriageReasonCodes"/>), a sentence
/// for the official, and the amount it adds to (positive) or takes from (negative) the score.
/// </summary>
public sealed record TriageReason(string Code, string Text, double Effect);
