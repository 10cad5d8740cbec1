using Vision.Domain.Violations;


namespace Vision.Storage;

/// <summary>Which violations a review list shows; every criterion is optional. Time range is [From, To).</summary>
/// <param name="PlateContains">Characters the machine read or the corrected plate contains (separators and case ignored).</param>
public sealed record ViolationFilter(
    string? CameraId = null,
    ViolationKind? Kind = null,
    ReviewStatus? Status = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? PlateContains = null);
