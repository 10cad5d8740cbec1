namespace Vision.Pipeline.Triage.Duplicates;

/// <summary>
/// A report whose photo is a near-duplicate: how many fingerprint bits differ, when and how far away it was reported.
/// <paramref name="ReportedLater"/>: it was made after this report (reports are not always triaged in the order they
/// were made: a retried or queued one comes late), so this report is its original and it is the duplicate.
/// </summary>
public sealed record DuplicateMatch(string ReportId, int HammingDistance, DateTimeOffset ReportedAt, double? DistanceKm, bool ReportedLater = false);
