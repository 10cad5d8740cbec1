namespace Vision.Domain.Violations;

/// <summary>Which scene configuration and rule settings produced a violation (id, version and SHA-256 of the canonical form).</summary>
public sealed record RuleProvenance(string SceneId, int SceneVersion, string SceneSha256, string RuleName);
