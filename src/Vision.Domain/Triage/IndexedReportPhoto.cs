namespace Vision.Domain.Triage;

/// <summary>A citizen report photo as kept for near-duplicate search: its perceptual fingerprint, where and when it was reported.</summary>
public sealed record IndexedReportPhoto(
    string ReportId,
    ReadOnlyMemory<byte> Fingerprint,
    double? Latitude,
    double? Longitude,
    DateTimeOffset ReportedAt);
