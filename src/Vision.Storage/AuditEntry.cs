namespace Vision.Storage;

/// <summary>One line of a violation's audit log: who did what, when, and how that identity was proved.</summary>
/// <param name="Actor">The authenticated identity (username, token subject, key id) or "system".</param>
/// <param name="ActorSource">How it was proved (e.g. "local-account", "oidc", "api-key"); null on entries from before identities were recorded.</param>
public sealed record AuditEntry(DateTimeOffset At, string Actor, string Action, string? Detail, string? ActorSource = null)
{
    /// <summary>The source of entries the service writes itself (recording a violation).</summary>
    public const string SystemSource = "system";
}
