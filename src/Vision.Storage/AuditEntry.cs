namespace Vision.Storage;

/// <summary>One line of a violation's audit log: who did what, when.</summary>
public sealed record AuditEntry(DateTimeOffset At, string Actor, string Action, string? Detail);
