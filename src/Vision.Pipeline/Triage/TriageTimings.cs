namespace Vision.Pipeline.Triage;

/// <summary>Time spent in each stage of one triage (the duplicate search includes the store's round trip).</summary>
public sealed record TriageTimings(
    TimeSpan Metadata,
    TimeSpan Decode,
    TimeSpan Detection,
    TimeSpan Plates,
    TimeSpan Quality,
    TimeSpan Fingerprint,
    TimeSpan DuplicateSearch,
    TimeSpan Redaction,
    TimeSpan Total);
