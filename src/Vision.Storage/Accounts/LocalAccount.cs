namespace Vision.Storage.Accounts;

/// <summary>A person who signs in with a password kept (hashed) in the store: an officer, supervisor, administrator or auditor.</summary>
/// <param name="Username">Lower-case, from <see cref="AccountNames"/>' alphabet; the identity recorded in the audit log.</param>
/// <param name="SecurityStamp">Changes whenever the password, roles or enabled state change, ending every session signed in before.</param>
/// <param name="LockedUntil">Set while sign-in is refused after too many failed attempts.</param>
public sealed record LocalAccount(
    string Username,
    string DisplayName,
    IReadOnlyList<string> Roles,
    string SecurityStamp,
    bool Disabled,
    int FailedAttempts,
    DateTimeOffset? LockedUntil,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastSignInAt);
