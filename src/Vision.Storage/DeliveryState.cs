namespace Vision.Storage;

/// <summary>A violation's delivery as the outbox holds it.</summary>
public sealed record DeliveryState(
    string ViolationId,
    DeliveryStatus Status,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? LastAttemptAt,
    string? LastError,
    DateTimeOffset? SentAt,
    string? RemoteId);
