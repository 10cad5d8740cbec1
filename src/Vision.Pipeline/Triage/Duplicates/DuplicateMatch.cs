namespace Vision.Pipeline.Triage.Duplicates;

/// <summary>An earlier report whose photo is a near-duplicate: how many fingerprint bits differ, when and how far away it was reported.</summary>
public sealed record DuplicateMatch(string ReportId, int HammingDistance, DateTimeOffset ReportedAt, double? DistanceKm);
