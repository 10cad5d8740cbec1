namespace Vision.Storage;

/// <summary>Which violations become reports for the report backend (written to the outbox in the same transaction).</summary>
public enum DeliveryTrigger
{
    /// <summary>Only violations an officer confirmed (or confirmed with a corrected plate).</summary>
    OnConfirmation,

    /// <summary>Every new detection as soon as it is recorded, before review.</summary>
    OnDetection,

    /// <summary>Nothing is queued for delivery.</summary>
    Disabled,
}
