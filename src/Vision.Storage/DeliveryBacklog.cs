namespace Vision.Storage;

/// <summary>The outbox now: waiting for a first attempt, waiting after failed attempts, dead-lettered, and sent.</summary>
public sealed record DeliveryBacklog(long Waiting, long Retrying, long DeadLettered, long Sent);
