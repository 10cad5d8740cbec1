namespace Vision.Pipeline.Evidence;

/// <summary>What one retention sweep removed, and the expired packages it could not remove (tried again next sweep).</summary>
public sealed record RetentionSweepResult(IReadOnlyList<string> Deleted, IReadOnlyList<RetentionFailure> Failed);

/// <summary>An expired package the sweep could not remove, and why.</summary>
public sealed record RetentionFailure(string PackageId, Exception Error);
