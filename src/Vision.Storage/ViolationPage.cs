namespace Vision.Storage;

/// <summary>One page of violations, newest first, and the token for the next (null on the last page).</summary>
public sealed record ViolationPage(IReadOnlyList<ViolationRecord> Violations, string? NextPageToken);
