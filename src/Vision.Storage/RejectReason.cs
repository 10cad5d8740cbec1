namespace Vision.Storage;

/// <summary>The listed reasons an officer rejects a detection; <see cref="Other"/> takes free text.</summary>
public enum RejectReason
{
    NotAViolation,
    PlateUnreadable,
    WrongVehicle,
    PriorityVehicle,
    InsufficientEvidence,
    Duplicate,
    Other,
}
