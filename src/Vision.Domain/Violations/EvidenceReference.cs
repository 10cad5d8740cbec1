namespace Vision.Domain.Violations;

/// <summary>Which sealed evidence package backs a violation: its id in the evidence store and the SHA-256 of its signed manifest.</summary>
public sealed record EvidenceReference(string PackageId, string ManifestSha256);
