namespace Vision.Domain.Violations;

/// <summary>A fine range in Vietnamese đồng.</summary>
public readonly record struct FineRange(long MinimumVnd, long MaximumVnd);
