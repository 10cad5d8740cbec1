namespace Vision.Service.Web.Review;

/// <summary>An officer working on a violation until <paramref name="ExpiresAt"/> (renewed while the violation page stays open).</summary>
public sealed record ReviewClaim(string ViolationId, string Officer, DateTimeOffset ClaimedAt, DateTimeOffset ExpiresAt);
