namespace Vision.Storage;

/// <summary>Where a violation's report to the report backend stands.</summary>
public enum DeliveryStatus
{
    /// <summary>Queued; <see cref="DeliveryState.Attempts"/> &gt; 0 means earlier attempts failed and it is waiting for the next.</summary>
    Pending,
    Sent,

    /// <summary>Gave up after the configured number of attempts; needs an operator.</summary>
    DeadLettered,

    /// <summary>Queued for every detection, then rejected in review before it was sent: never to be reported.</summary>
    Cancelled,
}
