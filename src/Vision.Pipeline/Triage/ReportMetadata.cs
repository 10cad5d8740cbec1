using Vision.Domain.Geography;


namespace Vision.Pipeline.Triage;

/// <summary>What the report backend knows about a citizen photo; every part is optional.</summary>
public sealed record ReportMetadata(
    string? Category = null,
    GeoPosition? ReportedPosition = null,
    DateTimeOffset? ReportedAt = null,
    string? Description = null,
    string? ReporterId = null,
    string? ReportId = null)
{
    public static ReportMetadata None { get; } = new();
}
