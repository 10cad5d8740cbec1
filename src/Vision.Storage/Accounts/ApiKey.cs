namespace Vision.Storage.Accounts;

/// <summary>A machine's credential (report backend or camera gateway); the secret itself is never stored, only its SHA-256.</summary>
/// <param name="Id">Public part of the key, recorded as the caller's identity in logs and audits.</param>
/// <param name="Cameras">For a camera gateway: the only cameras it may stream.</param>
public sealed record ApiKey(string Id, string Name, string Role, IReadOnlyList<string> Cameras, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
